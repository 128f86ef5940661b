package dev.orchestrator.store.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotFormatTest {

    private static final List<SnapshotEntry> ENTRIES = List.of(
            entry("/registry/configmaps/default/a", "{\"a\":1}", 3, 7, 2),
            entry("/registry/namespaces/default", "{\"kind\":\"Namespace\"}", 1, 1, 1),
            entry("/registry/pods/default/p-ü", "x".repeat(70_000), 5, 9, 3));

    @Test
    void roundTripKeepsKeysValuesAndRevisions() throws IOException {
        byte[] file = snapshot(42, ENTRIES);
        List<SnapshotEntry> read = new ArrayList<>();
        SnapshotSummary summary = SnapshotReader.read(new ByteArrayInputStream(file), read::add);

        assertEquals(42, summary.revision());
        assertEquals(3, summary.count());
        assertEquals(64, summary.sha256().length());
        assertEquals(ENTRIES.size(), read.size());
        for (int i = 0; i < ENTRIES.size(); i++) {
            SnapshotEntry want = ENTRIES.get(i);
            SnapshotEntry got = read.get(i);
            assertEquals(want.key(), got.key());
            assertArrayEquals(want.value(), got.value());
            assertEquals(want.createRevision(), got.createRevision());
            assertEquals(want.modRevision(), got.modRevision());
            assertEquals(want.version(), got.version());
        }
    }

    @Test
    void emptySnapshotRoundTrips() throws IOException {
        SnapshotSummary summary = SnapshotReader.verify(new ByteArrayInputStream(snapshot(0, List.of())));
        assertEquals(0, summary.revision());
        assertEquals(0, summary.count());
    }

    /** A flipped byte anywhere in the entries or the trailer: refused, whatever field it lands in. */
    @ParameterizedTest
    @ValueSource(ints = {25, 40, 60, 100, 200, 5_000, -40, -20, -1})
    void aFlippedByteIsRefused(int position) throws IOException {
        byte[] file = snapshot(42, ENTRIES);
        int at = position >= 0 ? position : file.length + position;
        file[at] ^= 0x5A;
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> SnapshotReader.verify(new ByteArrayInputStream(file)));
        assertTrue(e.getMessage().matches("(checksum mismatch|corrupt snapshot|truncated snapshot|entry count).*"),
                e.getMessage());
    }

    @Test
    void aFlippedValueByteIsAChecksumMismatch() throws IOException {
        byte[] file = snapshot(42, ENTRIES);
        file[file.length - 1_000] ^= 1; // inside the last value
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> SnapshotReader.verify(new ByteArrayInputStream(file)));
        assertTrue(e.getMessage().startsWith("checksum mismatch"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 12, 20, 30, 100, 1})
    void aTruncatedFileIsRefused(int cutFromEnd) throws IOException {
        byte[] full = snapshot(42, ENTRIES);
        byte[] file = Arrays.copyOf(full, cutFromEnd == 0 ? 20 : full.length - cutFromEnd);
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> SnapshotReader.verify(new ByteArrayInputStream(file)));
        assertTrue(e.getMessage().startsWith("truncated snapshot") || e.getMessage().startsWith("checksum mismatch"),
                e.getMessage());
    }

    @Test
    void aCutInsideTheEntriesSaysTruncated() throws IOException {
        byte[] full = snapshot(42, ENTRIES);
        byte[] file = Arrays.copyOf(full, full.length - 30_000);
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> SnapshotReader.verify(new ByteArrayInputStream(file)));
        assertEquals("truncated snapshot: the file ends after 2 complete entries, before its end marker and checksum "
                + "(was the backup cut short?)", e.getMessage());
    }

    @Test
    void anotherFileIsRefusedByItsMagic() {
        byte[] file = "PK\u0003\u0004 this is a zip, not a snapshot".getBytes(StandardCharsets.ISO_8859_1);
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> SnapshotReader.verify(new ByteArrayInputStream(file)));
        assertTrue(e.getMessage().startsWith("not an Orchestrator snapshot"), e.getMessage());
    }

    @Test
    void anUnknownFormatVersionIsRefused() throws IOException {
        byte[] file = snapshot(42, ENTRIES);
        file[11] = 9; // the low byte of the version
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> SnapshotReader.verify(new ByteArrayInputStream(file)));
        assertTrue(e.getMessage().startsWith("unsupported snapshot format version 9"), e.getMessage());
    }

    @Test
    void dataAfterTheTrailerIsRefused() throws IOException {
        byte[] full = snapshot(42, ENTRIES);
        byte[] file = Arrays.copyOf(full, full.length + 1);
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> SnapshotReader.verify(new ByteArrayInputStream(file)));
        assertTrue(e.getMessage().startsWith("unexpected data after"), e.getMessage());
    }

    private static byte[] snapshot(long revision, List<SnapshotEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriter writer = new SnapshotWriter(out, revision);
        for (SnapshotEntry e : entries) {
            writer.write(e);
        }
        writer.finish();
        return out.toByteArray();
    }

    private static SnapshotEntry entry(String key, String value, long create, long mod, long version) {
        return new SnapshotEntry(key, value.getBytes(StandardCharsets.UTF_8), create, mod, version);
    }
}
