package dev.orchestrator.bench.apiserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The CPU the server and this client spend in one phase of the benchmark, per operation. The two share the
 * machine's cores, so a slower row can be either side's cost; this tells them apart. The server is known by its
 * PID (environment {@code BENCH_SERVER_PID}); without it only the client's CPU is shown.
 *
 * <p>A phase starts only once the server has settled: the work one phase leaves behind (the scheduler retrying
 * thousands of pods it cannot place, watch events still being sent) would otherwise be counted, in time and CPU, to
 * the next one.
 */
final class CpuMeter {

    private final String serverPid = System.getenv("BENCH_SERVER_PID");

    /** Runs a phase and appends its CPU per operation to its row; a phase of several rows gets the phase's total. */
    List<String> measure(Callable<List<String>> phase) throws Exception {
        awaitQuietServer();
        long server = ticks(serverPid);
        long client = ticks("self");
        List<String> rows = phase.call();
        long serverMs = (ticks(serverPid) - server) * 10;
        long clientMs = (ticks("self") - client) * 10;
        if (rows.size() != 1) {
            String cells = String.format(" %s | (phase: %d ms) |", serverPid == null ? "" : "(phase: " + serverMs + " ms)",
                    clientMs);
            return rows.stream().map(row -> row + cells).toList();
        }
        double ops = ops(rows.get(0));
        return List.of(rows.get(0) + String.format(" %s | %.2f |",
                serverPid == null ? "" : String.format("%.2f", serverMs / ops), clientMs / ops));
    }

    /** Waits, up to two minutes, for a second in which the server used less than a fifth of one core. */
    private void awaitQuietServer() throws InterruptedException {
        if (serverPid == null) {
            return;
        }
        long start = System.nanoTime();
        while (System.nanoTime() - start < 120_000_000_000L) {
            long before = ticks(serverPid);
            Thread.sleep(1000);
            if (ticks(serverPid) - before < 20) {
                break;
            }
        }
        // the wall-clock start of each phase, to find it in a profile of the server
        System.err.printf("%s: next phase starts (waited %d s for the server to settle)%n",
                java.time.LocalTime.now().withNano(0), (System.nanoTime() - start) / 1_000_000_000L);
    }

    static String header() {
        return "| test | ops | ops/s | p50 ms | p99 ms | max ms | server CPU ms/op | client CPU ms/op |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|";
    }

    /** The second column of a result row: how many operations it timed. */
    private static long ops(String row) {
        return Long.parseLong(row.split("\\|")[2].trim());
    }

    /** User and system time of a process in clock ticks (1/100 s on Linux); 0 when it is not known. */
    private static long ticks(String pid) {
        if (pid == null) {
            return 0;
        }
        try {
            String[] fields = Files.readString(Path.of("/proc", pid, "stat")).split("\\) ", 2)[1].split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
