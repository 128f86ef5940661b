package dev.orchestrator.store.restore;

import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.store.backup.SnapshotSummary;
import dev.orchestrator.store.embedded.internal.EmbeddedStoreLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Restores a snapshot into {@code DATA_DIR/store}, the embedded store of {@code ./orch up --data-dir DATA_DIR}.
 * The store is built in {@code store.restoring} beside it and renamed into place when complete, so an interrupted
 * restore never leaves a half store where the process would open it.
 */
final class EmbeddedRestore {

    private final Path dataDir;
    private final boolean force;

    EmbeddedRestore(Path dataDir, boolean force) {
        this.dataDir = dataDir;
        this.force = force;
    }

    /** Refuses a data directory that holds anything, unless forced. Call before writing. */
    void checkTarget() throws IOException {
        if (!force && !isEmptyOrAbsent(dataDir)) {
            throw new ToolException("the data directory " + dataDir + " is not empty; restore into a new directory, "
                    + "or pass --force to replace its store (" + store() + "; configuration and logs stay)");
        }
    }

    SnapshotSummary restore(SnapshotFile file, SnapshotSummary verified, long bump, Progress progress)
            throws IOException {
        Path building = dataDir.resolve("store.restoring");
        deleteTree(building);
        SnapshotSummary summary;
        try (EmbeddedStoreLoader loader = new EmbeddedStoreLoader(building)) {
            summary = file.read(entry -> {
                loader.put(new KeyValue(entry.key(), entry.value(), entry.createRevision(), entry.modRevision(),
                        entry.version()));
                progress.update(loader.loaded());
            });
            if (!summary.equals(verified)) {
                throw new ToolException("the file changed while it was restored (checksum " + summary.sha256()
                        + " now, " + verified.sha256() + " before); nothing was restored");
            }
            loader.finish(summary.revision() + bump);
        } catch (RuntimeException | IOException e) {
            deleteTree(building);
            throw e;
        }
        deleteTree(store());
        Files.move(building, store(), StandardCopyOption.ATOMIC_MOVE);
        return summary;
    }

    Path store() {
        return dataDir.resolve("store");
    }

    private static boolean isEmptyOrAbsent(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            throw new ToolException(dir + " is not a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
