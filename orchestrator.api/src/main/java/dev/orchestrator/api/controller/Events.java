package dev.orchestrator.api.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Records core/v1 events about objects, with the controller's name as the source. Writes are
 * asynchronous and never block the caller; a repeat of the same object, type, reason and message
 * raises the existing event's count instead of creating another, and beyond the runtime's bound
 * of writes in flight events are dropped (and counted) rather than waited for.
 */
@ProviderType
public interface Events {

    /** A {@code Normal} event, e.g. reason {@code SuccessfulCreate}, message {@code Created pod: web-x7k2p}. */
    void normal(HasMetadata involved, String reason, String message);

    /** A {@code Warning} event, e.g. reason {@code FailedCreate}. */
    void warning(HasMetadata involved, String reason, String message);
}
