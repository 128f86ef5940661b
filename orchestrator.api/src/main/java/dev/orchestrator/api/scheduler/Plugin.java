package dev.orchestrator.api.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Marker of every extension point: register a plugin as an OSGi service of this type, with the
 * {@link SchedulerPlugin} properties, and implement the extension interfaces it serves. Plugins are
 * called from several threads at once (Filter and Score run in parallel over nodes) and must keep
 * per-pod data in the {@link CycleState}, not in fields.
 */
@ConsumerType
public interface Plugin {
}
