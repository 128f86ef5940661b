package dev.orchestrator.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Starts an exported jar as {@code ./orch} does, with the JVM options {@code run/java.sh} gives it (those of
 * {@code run/<role>.jvm.options}, and every scratch file inside the data directory: {@code tmp/} as
 * {@code java.io.tmpdir}, {@code framework/} as the OSGi framework storage); and checks that a process
 * stopped with SIGTERM left none of the launcher's and FileInstall's temporary files behind.
 */
final class JarLaunch {

    /** What the bnd launcher (resource*.jar, osgi.*.fw) and FileInstall (fileinstall-*) put in temp. */
    private static final Pattern LITTER = Pattern.compile("resource.*\\.jar|osgi\\..*|fileinstall-.*");

    private JarLaunch() {
    }

    /**
     * The java command line up to the jar's own options, as {@code run/java.sh} builds it for {@code ./orch} (the
     * role's options file, the machine-dependent settings, the scratch places), then {@code overrides} (the JVM
     * takes the last value of an option). Asked of the script itself, so the tests run what users run.
     */
    static List<String> javaCommand(String role, Path dataDir, List<String> overrides) throws IOException {
        Path root = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath();
        ProcessBuilder script = new ProcessBuilder("bash", "-c",
                ". \"$0/run/java.sh\" && orch_java_args \"$1\" \"$2\" && printf '%s\\n' \"${ORCH_JAVA_ARGS[@]}\"",
                root.toString(), role, dataDir.toString());
        // the launches of the tests do not take a user's settings for ./orch
        script.environment().remove("ORCH_JAVA_OPTS");
        script.environment().remove("ORCH_JVM_OPTIONS_FILE");
        script.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = script.start();
        List<String> options = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        try {
            if (process.waitFor() != 0 || options.isEmpty()) {
                throw new IOException("run/java.sh gave no JVM options for " + role + " (exit " + process.exitValue()
                        + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(overrides);
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
