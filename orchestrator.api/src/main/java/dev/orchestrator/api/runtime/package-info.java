/**
 * The container runtime the node agent (kubelet) drives, in the shape of the CRI: pod sandboxes
 * (a network namespace and its pause process), containers inside them, images, and exec/attach
 * streams. A runtime is an OSGi service implementing {@link dev.orchestrator.api.runtime.ContainerRuntime}
 * with a {@link dev.orchestrator.api.runtime.RuntimeHandler} service property, so several runtimes
 * (containerd, CRI-O, Docker, a hollow one) can live side by side.
 *
 * <p>Sandboxes and containers outlive the bundle that made them: a new instance of the runtime
 * bundle (or of the kubelet) finds them again by listing, with the labels the kubelet put on them.
 * Every call may block on the runtime; implementations bound each call with a timeout and throw
 * {@link dev.orchestrator.api.runtime.RuntimeUnavailableException} when the runtime cannot be reached.
 */
@Export
@Version("1.3.0")
package dev.orchestrator.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
