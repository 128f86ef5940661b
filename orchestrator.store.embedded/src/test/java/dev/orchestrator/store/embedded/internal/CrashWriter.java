package dev.orchestrator.store.embedded.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a forked JVM by {@link EmbeddedStoreCrashTest}: writes from several threads and
 * prints {@code ACK <key> <revision>} for each write the store acknowledged, until killed.
 */
public final class CrashWriter {

    public static void main(String[] args) throws Exception {
        EmbeddedStore store = new EmbeddedStore(EmbeddedStore.Settings.defaults(Path.of(args[0])));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Thread[] writers = new Thread[8];
        for (int t = 0; t < writers.length; t++) {
            int thread = t;
            writers[t] = new Thread(() -> {
                for (long i = 0; ; i++) {
                    String key = "/crash/t" + thread + "/k" + (i % 500);
                    byte[] value = ("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8);
                    long revision = store.get(key).isPresent()
                            ? store.update(key, value, 0).modRevision()
                            : store.create(key, value).modRevision();
                    synchronized (out) {
                        out.println("ACK " + key + " " + revision + " " + new String(value, StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            });
            writers[t].start();
        }
        writers[0].join();
    }
}
