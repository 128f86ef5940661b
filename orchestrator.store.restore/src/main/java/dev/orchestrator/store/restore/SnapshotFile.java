package dev.orchestrator.store.restore;

import dev.orchestrator.store.backup.SnapshotReader;
import dev.orchestrator.store.backup.SnapshotSummary;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A snapshot file on disk, read with every check of {@link SnapshotReader}. */
record SnapshotFile(Path path) {

    /** Reads the whole file once and checks it; nothing is written anywhere. */
    SnapshotSummary verify() throws IOException {
        try (InputStream in = open()) {
            return SnapshotReader.verify(in);
        }
    }

    /** Reads the file again, passing every entry to {@code sink} (call {@link #verify} first). */
    SnapshotSummary read(SnapshotReader.Sink sink) throws IOException {
        try (InputStream in = open()) {
            return SnapshotReader.read(in, sink);
        }
    }

    long size() throws IOException {
        return Files.size(path);
    }

    private InputStream open() throws IOException {
        try {
            return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new ToolException("no such file: " + path);
        }
    }
}
