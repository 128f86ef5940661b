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

    /**
     * Repeats {@code round} until the server's JIT compilers used less than a twentieth of the round's wall time (at
     * most {@code maxRounds} times): on two cores the C2 thread compiles the server's large body of hot code for
     * minutes, and a latency measured meanwhile is the compiler's as much as the server's.
     *
     * @return how the warm-up ended, for the output
     */
    String warmUntilTheJitSettles(Runnable round, int maxRounds) {
        if (serverPid == null) {
            round.run();
            return "one round (no server PID to watch the JIT)";
        }
        long start = System.nanoTime();
        for (int i = 1; i <= maxRounds; i++) {
            java.util.Map<String, Long> compiled = compilerTicks();
            long roundStart = System.nanoTime();
            round.run();
            long ticks = 0;
            for (java.util.Map.Entry<String, Long> thread : compilerTicks().entrySet()) {
                ticks += thread.getValue() - compiled.getOrDefault(thread.getKey(), 0L);
            }
            double share = ticks * 1e7 / (System.nanoTime() - roundStart);
            if (share < 0.05) {
                return String.format("%d rounds in %d s, compilers %.0f %% of the last", i,
                        (System.nanoTime() - start) / 1_000_000_000L, share * 100);
            }
        }
        return String.format("%d rounds in %d s, and the compilers were still busy", maxRounds,
                (System.nanoTime() - start) / 1_000_000_000L);
    }

    /**
     * CPU of each of the server's JIT compiler threads by thread id, in clock ticks. By thread: the JVM starts and
     * stops compiler threads as its queue grows and shrinks, and a sum over the threads there are would fall when one
     * ends (what one that ended took in a round goes uncounted).
     */
    private java.util.Map<String, Long> compilerTicks() {
        java.util.Map<String, Long> ticks = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", serverPid, "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        ticks.put(task.getFileName().toString(), statTicks(Files.readString(task.resolve("stat"))));
                    }
                } catch (IOException e) {
                    // a compiler thread that ended meanwhile (the JVM starts and stops them as needed)
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks;
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
            return statTicks(Files.readString(Path.of("/proc", pid, "stat")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User and system time from the text of a {@code stat} file (a process' or a thread's). */
    private static long statTicks(String stat) {
        String[] fields = stat.split("\\) ", 2)[1].split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
