package dev.orchestrator.api.store;

/**
 * The outcome of a delete.
 *
 * @param previous the entry as it was just before the deletion
 * @param revision the revision of the deletion itself
 */
public record Deletion(KeyValue previous, long revision) {
}
