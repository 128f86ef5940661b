/**
 * Contracts for controllers: a {@link dev.orchestrator.api.controller.Reconciler} registered as an
 * OSGi service (whiteboard) is driven by the controller runtime, which owns the shared informers,
 * the work queues, leader election and metrics.
 *
 * <p>What integrators implement ({@link dev.orchestrator.api.controller.Reconciler},
 * {@link dev.orchestrator.api.controller.KeyMapper}) is {@code @ConsumerType}; what the runtime
 * hands them ({@link dev.orchestrator.api.controller.Context}, {@link dev.orchestrator.api.controller.Lister},
 * {@link dev.orchestrator.api.controller.Events}, {@link dev.orchestrator.api.controller.Expectations})
 * is {@code @ProviderType}. The values ({@link dev.orchestrator.api.controller.Request},
 * {@link dev.orchestrator.api.controller.Result}, {@link dev.orchestrator.api.controller.Watches})
 * are immutable records. {@link dev.orchestrator.api.controller.PluginHeaders} names what a plugin bundle
 * declares in its manifest (its CustomResourceDefinitions).
 */
@Export
@Version("1.2.0")
package dev.orchestrator.api.controller;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
