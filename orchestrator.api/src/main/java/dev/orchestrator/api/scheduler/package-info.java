/**
 * The scheduling framework's extension points. A scheduling cycle runs, for one pod:
 * PreFilter → Filter (per node, in parallel) → PostFilter (only when no node fits) →
 * PreScore → Score (per node, in parallel) and normalize → Reserve → Permit; then,
 * asynchronously, PreBind → Bind. Each extension point is a small interface extending
 * {@link dev.orchestrator.api.scheduler.Plugin}; a plugin is an OSGi service implementing one
 * or more of them, named by the {@link dev.orchestrator.api.scheduler.SchedulerPlugin}
 * service properties. A plugin that appears or leaves changes the next cycle, never the one
 * in flight.
 *
 * <p>Plugins receive a {@link dev.orchestrator.api.scheduler.CycleState} (scratch space of one
 * cycle plus a read-only {@link dev.orchestrator.api.scheduler.ClusterSnapshot}) and answer with a
 * {@link dev.orchestrator.api.scheduler.Status}, whose code decides what happens to the pod.
 *
 * <p>2.0.0: the package holds shapes only. Deriving them (pods and nodes into their infos, resource lists into
 * amounts, utilisation, rescaling, cycle states) moved to code each bundle embeds privately
 * ({@code dev.orchestrator.support.scheduling}), so that a fix there refreshes no other bundle; a
 * {@link dev.orchestrator.api.scheduler.PodInfo} carries whether it has required anti-affinity.
 *
 * <p>2.1.0: {@link dev.orchestrator.api.scheduler.PodList}, the pods of a node that a
 * {@link dev.orchestrator.api.scheduler.NodeInfo} keeps without copying.
 */
@Export
@Version("2.1.0")
package dev.orchestrator.api.scheduler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
