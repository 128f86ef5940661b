/**
 * The container runtime the node agent (kubelet) drives: pod sandboxes and containers.
 *
 * <p>First draft (0.x): the issue that builds this concern settles the contract.
 */
@Export
@Version("0.1.0")
package dev.orchestrator.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
