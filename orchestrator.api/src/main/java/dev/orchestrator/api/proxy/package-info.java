/**
 * The service proxy that programs Service virtual IPs and node ports on a node.
 *
 * <p>First draft (0.x): the issue that builds this concern settles the contract.
 */
@Export
@Version("0.1.0")
package dev.orchestrator.api.proxy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
