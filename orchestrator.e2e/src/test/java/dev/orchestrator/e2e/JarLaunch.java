package dev.orchestrator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Starts an exported jar as {@code ./orch} does ({@code run/java.sh}): with the JVM options of
 * {@code run/<role>.jvm.options} and every scratch file inside the data directory ({@code tmp/} as
 * {@code java.io.tmpdir}, {@code framework/} as the OSGi framework storage); and checks that a process
 * stopped with SIGTERM left none of the launcher's and FileInstall's temporary files behind.
 */
final class JarLaunch {

    /** What the bnd launcher (resource*.jar, osgi.*.fw) and FileInstall (fileinstall-*) put in temp. */
    private static final Pattern LITTER = Pattern.compile("resource.*\\.jar|osgi\\..*|fileinstall-.*");

    private JarLaunch() {
    }

    /**
     * The java command line up to the jar's own options: the role's options file (an argument file),
     * then {@code overrides} (the JVM takes the last value of an option), then the scratch places.
     */
    static List<String> javaCommand(String role, Path dataDir, List<String> overrides) {
        Path options = Path.of(System.getProperty("repo.root", ".."), "run", role + ".jvm.options").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + options));
        boolean twoCores = Runtime.getRuntime().availableProcessors() <= 2;
        if (twoCores) { // as run/java.sh: no thread per async step
            command.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2");
        }
        if (role.equals("allinone")) { // as run/java.sh: the JIT's threads get the CPU first
            if (twoCores) {
                command.add("-XX:CICompilerCount=4");
            }
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-XX:ThreadPriorityPolicy=1", "-XX:CompilerThreadPriority=-10"));
            }
        }
        command.addAll(overrides);
        command.addAll(List.of("-Djava.io.tmpdir=" + dataDir.resolve("tmp"),
                "-Dlaunch.storage.dir=" + dataDir.resolve("framework"), "-XX:HeapDumpPath=" + dataDir));
        return command;
    }

    /** Removes what an earlier process (one killed with SIGKILL) left, as {@code ./orch} does before a start. */
    static void cleanScratch(Path dataDir) throws IOException {
        for (Path scratch : List.of(dataDir.resolve("tmp"), dataDir.resolve("framework"))) {
            deleteTree(scratch);
        }
        Files.createDirectories(dataDir.resolve("tmp"));
    }

    /** Fails unless the running process keeps its framework storage in the data directory. */
    static void assertStorageInDataDir(Path dataDir) {
        if (!Files.isDirectory(dataDir.resolve("framework").resolve("bundle0"))) {
            throw new AssertionError("no framework storage in " + dataDir.resolve("framework")
                    + ": the launcher did not take -Dlaunch.storage.dir (then it goes to the system temp directory)");
        }
    }

    /** Fails if a process that stopped by itself after SIGTERM left temporary files in its {@code tmp/}. */
    static void assertNoTempLeft(Path dataDir) throws IOException {
        Path tmp = dataDir.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (Stream<Path> entries = Files.list(tmp)) {
            List<String> left = entries.map(p -> p.getFileName().toString()).filter(n -> LITTER.matcher(n).matches())
                    .sorted().toList();
            if (!left.isEmpty()) {
                throw new AssertionError("the stopped process left temporary files in " + tmp + ": " + left);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
