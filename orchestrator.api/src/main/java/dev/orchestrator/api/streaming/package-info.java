/**
 * A streaming server for runtimes that have none of their own (as dockershim hosted one for Docker): a runtime
 * registers a one-shot exec, attach or port-forward session with a {@link dev.orchestrator.api.streaming.StreamingServer}
 * and returns the URL it gets from {@link dev.orchestrator.api.runtime.ContainerExec}; the kubelet tunnels the
 * client's protocol-switching request there. The server speaks the Kubernetes streaming protocols (SPDY/3.1 and
 * WebSocket channel protocols) and hands the runtime plain streams. Contracts only.
 */
@Export
@Version("1.0.0")
package dev.orchestrator.api.streaming;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
