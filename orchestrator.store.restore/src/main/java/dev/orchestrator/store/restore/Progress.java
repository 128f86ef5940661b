package dev.orchestrator.store.restore;

import java.io.PrintStream;

/** Prints "N keys" at most once a second, and once at the end, so a long restore shows it is moving. */
final class Progress {

    private final PrintStream out;
    private final String what;
    private final long total;
    private long lastPrinted = System.nanoTime();

    Progress(PrintStream out, String what, long total) {
        this.out = out;
        this.what = what;
        this.total = total;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastPrinted >= 1_000_000_000L) {
            lastPrinted = now;
            print(done);
        }
    }

    void print(long done) {
        out.printf("restore: %s %d/%d keys (%d%%)%n", what, done, total, total == 0 ? 100 : done * 100 / total);
    }
}
