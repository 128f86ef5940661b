package dev.orchestrator.api.store;

/**
 * One version of a key.
 *
 * @param key            the key
 * @param value          the value (never empty; callers must not modify the array)
 * @param createRevision revision of the write that created the key
 * @param modRevision    revision of the write that produced this version
 * @param version        number of writes to the key since it was created (1 after create)
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {
}
