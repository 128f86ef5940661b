package dev.orchestrator.kubelet.internal.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.kubelet.internal.volumes.AtomicWriter.FileContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtomicWriterTest {

    @TempDir
    Path dir;

    private static FileContent text(String s, int mode) {
        return new FileContent(s.getBytes(StandardCharsets.UTF_8), mode);
    }

    private Set<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    private String dataTarget() throws IOException {
        return Files.readSymbolicLink(dir.resolve("..data")).toString();
    }

    @Test
    void laysOutATimestampedDirADataLinkAndALinkPerTopLevelName() throws IOException {
        assertTrue(AtomicWriter.write(dir, Map.of("mode", text("fast", 0644), "conf/app.yaml", text("a: 1", 0400))));
        String data = dataTarget();
        assertTrue(data.matches("\\.\\.\\d{4}_\\d{2}_\\d{2}_\\d{2}_\\d{2}_\\d{2}\\.\\d+"), data);
        assertEquals(Set.of("..data", data, "conf", "mode"), entries());
        assertEquals(Path.of("..data/mode"), Files.readSymbolicLink(dir.resolve("mode")));
        assertEquals(Path.of("..data/conf"), Files.readSymbolicLink(dir.resolve("conf")));
        assertEquals("fast", Files.readString(dir.resolve("mode")));
        assertEquals("a: 1", Files.readString(dir.resolve("conf/app.yaml")));
        assertEquals(0644, AtomicWriter.mode(dir.resolve("mode").toRealPath()));
        assertEquals(0400, AtomicWriter.mode(dir.resolve("conf/app.yaml").toRealPath()));
    }

    @Test
    void anUnchangedPayloadChangesNothing() throws IOException {
        Map<String, FileContent> payload = Map.of("a", text("1", 0644));
        assertTrue(AtomicWriter.write(dir, payload));
        String data = dataTarget();
        assertFalse(AtomicWriter.write(dir, Map.of("a", text("1", 0644))));
        assertEquals(data, dataTarget());
    }

    @Test
    void aChangeSwapsTheDataDirRemovesTheOldOneAndDroppedKeys() throws IOException {
        AtomicWriter.write(dir, Map.of("a", text("1", 0644), "b", text("2", 0644)));
        String first = dataTarget();
        assertTrue(AtomicWriter.write(dir, Map.of("a", text("changed", 0644), "c", text("3", 0644))));
        String second = dataTarget();
        assertFalse(first.equals(second));
        assertEquals(Set.of("..data", second, "a", "c"), entries());
        assertEquals("changed", Files.readString(dir.resolve("a")));
        // a mode change alone is a change too
        assertTrue(AtomicWriter.write(dir, Map.of("a", text("changed", 0600), "c", text("3", 0644))));
        assertEquals(0600, AtomicWriter.mode(dir.resolve("a").toRealPath()));
    }

    @Test
    void anEmptyPayloadIsAnEmptyVolume() throws IOException {
        assertTrue(AtomicWriter.write(dir, Map.of()));
        assertEquals(Set.of("..data", dataTarget()), entries());
        assertFalse(AtomicWriter.write(dir, Map.of()));
    }

    @Test
    void aFileOfTheUserInTheWayIsAnError() throws IOException {
        Files.writeString(dir.resolve("a"), "mine");
        assertThrows(IOException.class, () -> AtomicWriter.write(dir, Map.of("a", text("1", 0644))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../x", "a/../../x", "..data", "a//b", "", "..hidden"})
    void pathsThatLeaveTheVolumeOrClashWithItsOwnNamesAreRefused(String path) {
        assertThrows(IOException.class, () -> AtomicWriter.write(dir, Map.of(path, text("x", 0644))));
    }

    @Test
    void deletingATreeNeverFollowsLinks(@TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("keep"), "precious");
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.createSymbolicLink(tree.resolve("sub/evil"), outside);
        AtomicWriter.deleteTree(tree);
        assertFalse(Files.exists(tree));
        assertEquals("precious", Files.readString(outside.resolve("keep")));
    }
}
