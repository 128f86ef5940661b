package dev.orchestrator.store.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads of the version maps at a revision: the newest version at or before it, per key, in key order. */
class HistoryTest {

    private final MVStore store = new MVStore.Builder().open(); // in memory
    private final History history = new History(store);

    @AfterEach
    void close() {
        store.close();
    }

    private void put(String key, long revision, boolean live, String value) {
        Optional<Version> before = history.latest(key);
        long create = before.filter(Version::live).map(Version::createRevision).orElse(revision);
        long version = live ? before.filter(Version::live).map(v -> v.version() + 1).orElse(1L) : 0;
        history.put(new Version(key, revision, live, create, version, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> values(List<KeyValue> items) {
        List<String> out = new ArrayList<>();
        items.forEach(kv -> out.add(kv.key() + "=" + text(kv)));
        return out;
    }

    /**
     * /p/a: v1@1, v2@4, deleted@6, v3@8. /p/a0 and /p/a/b share its prefix; /p/b@2; /q@3 is outside /p/.
     */
    private void keys() {
        put("/p/a", 1, true, "a1");
        put("/p/b", 2, true, "b1");
        put("/q", 3, true, "q1");
        put("/p/a", 4, true, "a2");
        put("/p/a0", 5, true, "a0");
        put("/p/a", 6, false, "");
        put("/p/a/b", 7, true, "ab");
        put("/p/a", 8, true, "a3");
    }

    @Test
    void aKeyReadsAsItWasAtEachRevision() {
        keys();
        assertEquals("a1", value(history.at("/p/a", 1)));
        assertEquals("a1", value(history.at("/p/a", 3)));
        assertEquals("a2", value(history.at("/p/a", 5)));
        assertTrue(history.at("/p/a", 6).isEmpty(), "deleted at 6");
        assertTrue(history.at("/p/a", 7).isEmpty(), "still deleted at 7");
        assertEquals("a3", value(history.at("/p/a", 8)));
        assertTrue(history.at("/p/a0", 4).isEmpty(), "not yet created");
        assertTrue(history.at("/p/c", 8).isEmpty(), "never written");
        assertEquals(8, history.latest("/p/a").orElseThrow().modRevision());
        assertEquals(1, history.latest("/p/a").orElseThrow().version(), "recreated: version 1 again");
        assertEquals(8, history.latest("/p/a").orElseThrow().createRevision());
        assertEquals(7, history.at("/p/a/b", 8).orElseThrow().modRevision());
    }

    @Test
    void aListHoldsTheVisibleVersionOfEachKeyUnderThePrefixInKeyOrder() {
        keys();
        assertEquals(List.of("/p/a=a1", "/p/b=b1"), values(history.list("/p/", 3, 0, Optional.empty())));
        assertEquals(List.of("/p/a=a2", "/p/a0=a0", "/p/b=b1"), values(history.list("/p/", 5, 0, Optional.empty())));
        assertEquals(List.of("/p/a/b=ab", "/p/a0=a0", "/p/b=b1"), values(history.list("/p/", 7, 0, Optional.empty())));
        assertEquals(List.of("/p/a=a3", "/p/a/b=ab", "/p/a0=a0", "/p/b=b1"),
                values(history.list("/p/", 8, 0, Optional.empty())));
        assertEquals(List.of("/p/a=a3", "/p/a/b=ab", "/p/a0=a0"), values(history.list("/p/a", 8, 0, Optional.empty())));
        assertEquals(List.of("/q=q1"), values(history.list("/q", 8, 0, Optional.empty())));
    }

    @Test
    void pagesHoldOneMoreThanTheLimitAndGoOnAfterTheLastKey() {
        keys();
        assertEquals(List.of("/p/a=a3", "/p/a/b=ab"), values(history.list("/p/", 8, 1, Optional.empty())));
        assertEquals(List.of("/p/a/b=ab", "/p/a0=a0"), values(history.list("/p/", 8, 1, Optional.of("/p/a"))));
        assertEquals(List.of("/p/b=b1"), values(history.list("/p/", 8, 1, Optional.of("/p/a0"))));
        // at 6 the first key is a tombstone: it takes no place in the page
        assertEquals(List.of("/p/a0=a0", "/p/b=b1"), values(history.list("/p/", 6, 1, Optional.empty())));
    }

    @Test
    void replayGivesEachChangeWithTheValueBeforeIt() {
        keys();
        List<WatchEvent> events = new ArrayList<>();
        history.replay("/p/a", 3, 8, events::addAll);
        List<String> seen = new ArrayList<>();
        for (WatchEvent e : events) {
            seen.add(e.type() + " " + e.key() + e.current().map(kv -> " " + text(kv)).orElse("")
                    + e.previous().map(kv -> " was " + text(kv)).orElse(""));
        }
        assertEquals(List.of("MODIFIED /p/a a2 was a1", "ADDED /p/a0 a0", "DELETED /p/a was a2", "ADDED /p/a/b ab",
                "ADDED /p/a a3"), seen);
    }

    private static String text(KeyValue kv) {
        return new String(kv.value(), StandardCharsets.UTF_8);
    }

    private static String value(Optional<Version> v) {
        return new String(v.orElseThrow().value(), StandardCharsets.UTF_8);
    }
}
