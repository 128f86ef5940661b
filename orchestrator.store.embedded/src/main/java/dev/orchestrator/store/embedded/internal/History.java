package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.WatchEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Every version of every key, kept in MVStore maps the way etcd keeps its revisions.
 *
 * <ul>
 *   <li>{@code versions}: {@code key + '\0' + revision as 16 hex digits} → encoded {@link Version}.
 *       Keys hold no control characters, so all versions of a key sort together, oldest
 *       first, before any longer key.</li>
 *   <li>{@code revisions}: revision → key, the order of writes, for watch replay.</li>
 *   <li>{@code meta}: the newest and the compacted revision.</li>
 * </ul>
 * One thread writes (the group-commit writer; compaction only removes versions no reader
 * at or after the compacted revision can see); readers read at a committed revision, so
 * they never see a write before it is durable.
 */
final class History {

    private static final char SEPARATOR = '\0';
    private static final String AFTER_ALL_VERSIONS = "\u0001";
    static final String REVISION_KEY = "revision";
    static final String COMPACTED_KEY = "compacted";

    private final MVMap<String, byte[]> versions;
    private final MVMap<Long, String> revisions;
    private final MVMap<String, Long> meta;

    History(MVStore store) {
        this.versions = store.openMap("versions");
        this.revisions = store.openMap("revisions");
        this.meta = store.openMap("meta");
    }

    long storedRevision() {
        return meta.getOrDefault(REVISION_KEY, 0L);
    }

    long storedCompacted() {
        return meta.getOrDefault(COMPACTED_KEY, 0L);
    }

    /** The newest version of {@code key}, including uncommitted ones (writer thread only). */
    Optional<Version> latest(String key) {
        return newest(key, versionsOf(key, key + AFTER_ALL_VERSIONS));
    }

    /** The version of {@code key} visible at {@code revision}: live, or empty. */
    Optional<Version> at(String key, long revision) {
        return newest(key, versionsOf(key, versionKey(key, revision))).filter(Version::live);
    }

    /**
     * The versions of {@code key} at and before {@code upTo} (a version key), newest first. One descent of the tree
     * finds the first, and its key and value come from the same pages: a version a concurrent compaction removes
     * is either found whole or not at all.
     */
    private Cursor<String, byte[]> versionsOf(String key, String upTo) {
        return versions.cursor(upTo, key + SEPARATOR, true);
    }

    private static Optional<Version> newest(String key, Cursor<String, byte[]> newestFirst) {
        return newestFirst.hasNext() ? Optional.of(current(key, newestFirst.next(), newestFirst)) : Optional.empty();
    }

    /** The version of {@code key} the cursor is at, whose version key is {@code versionKey}. */
    private static Version current(String key, String versionKey, Cursor<String, byte[]> cursor) {
        return Version.decode(key, revisionOf(key, versionKey), cursor.getValue());
    }

    private static long revisionOf(String key, String versionKey) {
        return Long.parseUnsignedLong(versionKey.substring(key.length() + 1), 16);
    }

    void put(Version v) {
        versions.put(versionKey(v.key(), v.modRevision()), v.encode());
        revisions.put(v.modRevision(), v.key());
    }

    /** Removes a version {@link #put} recorded (writer thread only: a batch that could not be logged). */
    void undo(Version v) {
        versions.remove(versionKey(v.key(), v.modRevision()));
        revisions.remove(v.modRevision());
    }

    void setRevision(long revision) {
        meta.put(REVISION_KEY, revision);
    }

    /** Records that nothing before {@code revision} is readable (a restored store has no older history). */
    void markCompacted(long revision) {
        meta.put(COMPACTED_KEY, revision);
    }

    /**
     * Up to {@code limit} (0: all) live keys under {@code prefix} at {@code revision}, after
     * {@code startAfter}; one more is looked up to tell whether the listing goes on.
     */
    List<KeyValue> list(String prefix, long revision, int limit, Optional<String> startAfter) {
        List<KeyValue> items = new ArrayList<>();
        int wanted = limit == 0 ? Integer.MAX_VALUE : limit + 1;
        // one pass in key order: a key's versions come together, oldest first; the last at or before the revision
        // is the one visible, decoded when the next key begins
        Cursor<String, byte[]> cursor = versions.cursor(startAfter.map(k -> k + AFTER_ALL_VERSIONS).orElse(prefix));
        String key = null;
        long visibleRevision = 0;
        byte[] visible = null;
        while (items.size() < wanted && cursor.hasNext()) {
            String versionKey = cursor.next();
            if (!versionKey.startsWith(prefix)) {
                break;
            }
            int sep = versionKey.indexOf(SEPARATOR);
            if (key == null || key.length() != sep || !versionKey.startsWith(key)) {
                addIfLive(key, visibleRevision, visible, items);
                key = versionKey.substring(0, sep);
                visible = null;
            }
            long versionRevision = revisionOf(key, versionKey);
            if (versionRevision <= revision) {
                visibleRevision = versionRevision;
                visible = cursor.getValue();
            }
        }
        if (items.size() < wanted) {
            addIfLive(key, visibleRevision, visible, items);
        }
        return items;
    }

    private static void addIfLive(String key, long modRevision, byte[] encoded, List<KeyValue> items) {
        if (encoded != null) {
            Version version = Version.decode(key, modRevision, encoded);
            if (version.live()) {
                items.add(version.toKeyValue());
            }
        }
    }

    /** Passes the events in (after, upTo] under {@code prefix} to {@code sink} in batches. */
    void replay(String prefix, long after, long upTo, Consumer<List<WatchEvent>> sink) {
        List<WatchEvent> batch = new ArrayList<>();
        Iterator<Long> it = revisions.keyIterator(after + 1);
        while (it.hasNext()) {
            long revision = it.next();
            if (revision > upTo) {
                break;
            }
            String key = revisions.get(revision);
            if (key == null || !key.startsWith(prefix)) {
                continue;
            }
            eventAt(key, revision).ifPresent(batch::add);
            if (batch.size() >= 500) {
                sink.accept(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }

    private Optional<WatchEvent> eventAt(String key, long revision) {
        Cursor<String, byte[]> newestFirst = versionsOf(key, versionKey(key, revision));
        Optional<Version> found = newest(key, newestFirst);
        if (found.isEmpty() || found.get().modRevision() != revision) {
            return Optional.empty(); // compacted away
        }
        Version v = found.get();
        Optional<KeyValue> previous = newest(key, newestFirst).filter(Version::live).map(Version::toKeyValue);
        if (!v.live()) {
            return previous.map(p -> WatchEvent.deleted(revision, p));
        }
        return Optional.of(previous.isPresent() && v.version() > 1
                ? WatchEvent.modified(v.toKeyValue(), previous.get())
                : WatchEvent.added(v.toKeyValue()));
    }

    /**
     * Removes what no read at or after {@code revision} can see: for each key, every
     * version older than its newest version at {@code revision}, and that one too when it
     * is a tombstone. Removal goes oldest first, so a concurrent reader never finds an
     * older version in place of a removed newer one.
     *
     * @return the number of versions removed
     */
    long compact(long revision) {
        meta.put(COMPACTED_KEY, revision);
        long removed = 0;
        List<String> group = new ArrayList<>();
        String groupKey = null;
        Cursor<String, byte[]> cursor = versions.cursor(null);
        while (cursor.hasNext()) {
            String versionKey = cursor.next();
            int sep = versionKey.indexOf(SEPARATOR);
            String key = versionKey.substring(0, sep);
            if (!key.equals(groupKey)) {
                removed += compactGroup(group);
                group.clear();
                groupKey = key;
            }
            if (Long.parseUnsignedLong(versionKey.substring(sep + 1), 16) <= revision) {
                group.add(versionKey);
            }
        }
        removed += compactGroup(group);
        Iterator<Long> old = revisions.keyIterator(null);
        List<Long> oldRevisions = new ArrayList<>();
        while (old.hasNext()) {
            long r = old.next();
            if (r > revision) {
                break;
            }
            oldRevisions.add(r);
        }
        oldRevisions.forEach(revisions::remove);
        return removed;
    }

    private long compactGroup(List<String> olderVersions) {
        if (olderVersions.isEmpty()) {
            return 0;
        }
        String newest = olderVersions.get(olderVersions.size() - 1);
        boolean newestIsTombstone = versions.get(newest)[0] == 0;
        int remove = newestIsTombstone ? olderVersions.size() : olderVersions.size() - 1;
        for (int i = 0; i < remove; i++) {
            versions.remove(olderVersions.get(i));
        }
        return remove;
    }

    private static String versionKey(String key, long revision) {
        String hex = Long.toHexString(revision);
        return key + SEPARATOR + "0".repeat(16 - hex.length()) + hex;
    }
}
