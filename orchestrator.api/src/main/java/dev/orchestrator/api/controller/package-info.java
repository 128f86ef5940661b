/**
 * Contracts for controllers that integrators ship as bundles: a reconciler is registered as an OSGi service and driven by the controller runtime.
 *
 * <p>First draft (0.x): the issue that builds this concern settles the contract.
 */
@Export
@Version("0.1.0")
package dev.orchestrator.api.controller;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
