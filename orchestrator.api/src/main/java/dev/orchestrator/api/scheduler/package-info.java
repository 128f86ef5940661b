/**
 * Extension points of a scheduling cycle; strategies and plugins are OSGi services.
 *
 * <p>First draft (0.x): the issue that builds this concern settles the contract.
 */
@Export
@Version("0.1.0")
package dev.orchestrator.api.scheduler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
