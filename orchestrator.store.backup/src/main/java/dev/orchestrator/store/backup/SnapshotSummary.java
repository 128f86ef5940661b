package dev.orchestrator.store.backup;

/**
 * What a snapshot holds, as printed by backup and restore.
 *
 * @param revision the store revision of the snapshot
 * @param count    the number of keys
 * @param sha256   the file's trailing checksum, lower-case hex
 */
public record SnapshotSummary(long revision, long count, String sha256) {
}
