package dev.orchestrator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The clients that come from npm (orchestrator.e2e/src/test/js): the official JavaScript client
 * and kubectl v1.20, whose Linux binary an npm package ships. {@code npm ci} installs them into
 * {@code target/official-clients-js} once per checkout; when it cannot, the test fails saying so
 * (nothing is skipped).
 */
final class NodeClients {

    private static final Path SOURCE = Path.of(System.getProperty("repo.root", ".."), "orchestrator.e2e", "src", "test", "js");
    private static final Path INSTALLED = Path.of(System.getProperty("repo.root", ".."), "orchestrator.e2e", "target",
            "official-clients-js");
    /** The Lambda layer in which the npm package ships kubectl v1.20.0 (kubectl/kubectl inside). */
    private static final String KUBECTL_120_ZIP = "node_modules/@aws-cdk/asset-kubectl-v20/lib/layer.zip";

    private NodeClients() {
    }

    /** The script directory with its node_modules, installed by {@code npm ci} if missing. */
    static synchronized Path installed() throws IOException, InterruptedException {
        Files.createDirectories(INSTALLED);
        for (String file : List.of("package.json", "package-lock.json", "official-clients.mjs")) {
            Files.copy(SOURCE.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(INSTALLED.resolve("node_modules/@kubernetes/client-node"))
                || !Files.isRegularFile(INSTALLED.resolve(KUBECTL_120_ZIP))) {
            AllInOne.Result npm = run(INSTALLED, 600, "npm", "ci", "--no-audit", "--no-fund");
            if (npm.exit() != 0) {
                throw new AssertionError("npm ci in " + INSTALLED + " failed (exit " + npm.exit() + "); the official "
                        + "JavaScript client and kubectl v1.20 come from the npm registry, which must be reachable:\n"
                        + npm.all());
            }
        }
        return INSTALLED;
    }

    /** kubectl v1.20.0, unpacked from the Lambda layer the npm package carries. */
    static Path kubectl120() throws IOException, InterruptedException {
        Path binary = installed().resolve("kubectl-1.20");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(INSTALLED.resolve(KUBECTL_120_ZIP)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals("kubectl/kubectl")) {
                    Path partial = INSTALLED.resolve("kubectl-1.20.partial");
                    Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
                    partial.toFile().setExecutable(true);
                    Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE);
                    return binary;
                }
            }
        }
        throw new AssertionError(KUBECTL_120_ZIP + " holds no kubectl/kubectl");
    }

    /** Runs a command in a directory, its output and errors read back, killed after {@code seconds}. */
    static AllInOne.Result run(Path dir, int seconds, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("node-client", ".out");
        Path err = Files.createTempFile("node-client", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s:\n"
                        + Files.readString(out) + Files.readString(err));
            }
            return new AllInOne.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
