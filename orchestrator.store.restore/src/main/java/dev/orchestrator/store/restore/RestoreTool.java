package dev.orchestrator.store.restore;

import dev.orchestrator.store.backup.CorruptSnapshotException;
import dev.orchestrator.store.backup.SnapshotSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The offline tool behind {@code ./orch restore} and the check at the end of {@code ./orch backup}:
 *
 * <pre>
 * verify  FILE                                   check the whole file, print revision, keys and checksum
 * restore FILE --data-dir DIR [--force]          build DIR/store (the embedded store of ./orch up --data-dir DIR)
 * restore FILE --etcd-endpoints URL,... [--force] write the keys into an empty etcd
 *         [--bump-revision N]                    the restored revision: the snapshot's + N (see RestoreArguments)
 * </pre>
 *
 * A restore checks the whole file before it writes anything. Exit status: 0 done, 1 refused or failed (one line
 * on stderr says why), 2 bad usage.
 */
public final class RestoreTool {

    private final PrintStream out;
    private final PrintStream err;

    RestoreTool(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new RestoreTool(System.out, System.err).run(args));
    }

    int run(String[] args) {
        try {
            RestoreArguments a = RestoreArguments.parse(args);
            SnapshotFile file = new SnapshotFile(Path.of(a.file()));
            err.printf("restore: checking %s (%d bytes)%n", file.path(), file.size());
            SnapshotSummary verified = file.verify();
            if (a.command().equals("verify")) {
                print("snapshot", verified);
                return 0;
            }
            long started = System.nanoTime();
            SnapshotSummary restored = a.etcdEndpoints().isPresent()
                    ? toEtcd(a.etcdEndpoints().get(), a.force(), file, verified, a.bumpRevision())
                    : toEmbedded(Path.of(a.dataDir().orElseThrow()).toAbsolutePath(), a.force(), file, verified,
                            a.bumpRevision());
            print("restored", restored);
            out.printf("the store starts at revision %d (snapshot revision + %d)%n",
                    restored.revision() + a.bumpRevision(), a.bumpRevision());
            out.printf("took %d ms%n", (System.nanoTime() - started) / 1_000_000);
            return 0;
        } catch (RestoreArguments.UsageException e) {
            err.println("restore: " + e.getMessage());
            err.println(RestoreArguments.USAGE);
            return 2;
        } catch (CorruptSnapshotException | ToolException e) {
            err.println("restore: error: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("restore: error: " + e);
            return 1;
        }
    }

    private SnapshotSummary toEmbedded(Path dataDir, boolean force, SnapshotFile file, SnapshotSummary verified,
                                       long bump) throws IOException {
        EmbeddedRestore restore = new EmbeddedRestore(dataDir, force);
        restore.checkTarget();
        err.printf("restore: writing %d keys into %s%n", verified.count(), restore.store());
        Progress progress = new Progress(err, "wrote", verified.count());
        SnapshotSummary summary = restore.restore(file, verified, bump, progress);
        progress.print(summary.count());
        return summary;
    }

    private SnapshotSummary toEtcd(String endpoints, boolean force, SnapshotFile file, SnapshotSummary verified,
                                   long bump) throws IOException {
        try (EtcdRestore restore = new EtcdRestore(endpoints, force)) {
            restore.checkTarget();
            err.printf("restore: writing %d keys into etcd at %s%n", verified.count(), endpoints);
            Progress progress = new Progress(err, "wrote", verified.count());
            SnapshotSummary summary = restore.restore(file, verified, bump, progress);
            progress.print(summary.count());
            return summary;
        }
    }

    private void print(String what, SnapshotSummary s) {
        out.printf("%s: revision %d, %d keys, sha256 %s%n", what, s.revision(), s.count(), s.sha256());
    }
}
