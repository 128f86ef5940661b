package dev.orchestrator.admin.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A bundle jar received from a client, kept in a temporary file (never in memory: jars reach 200 MiB) until the
 * update has read it. {@link #close()} deletes the file.
 */
final class UploadedJar implements Closeable {

    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final String symbolicName;
    private final String version;

    private UploadedJar(Path file, String symbolicName, String version) {
        this.file = file;
        this.symbolicName = symbolicName;
        this.version = version;
    }

    /**
     * Streams {@code body} to a temporary file in {@code dir} and reads its manifest.
     *
     * @throws AdminException 413 when the body exceeds {@code maxBytes}, 400 when it is not a bundle jar
     */
    static UploadedJar receive(InputStream body, long maxBytes, Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "upload-", ".jar");
        try {
            copyAtMost(body, file, maxBytes);
            return open(file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Reads the bundle identity of a jar already on disk; the returned object owns (and deletes) the file. */
    static UploadedJar open(Path file) {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException e) {
            throw AdminException.badRequest("the body is not a jar: " + e.getMessage());
        }
        if (manifest == null) {
            throw AdminException.badRequest("the jar has no META-INF/MANIFEST.MF");
        }
        Attributes main = manifest.getMainAttributes();
        String name = symbolicName(main.getValue("Bundle-SymbolicName"));
        if (name.isEmpty()) {
            throw AdminException.badRequest("the jar is not a bundle: its manifest has no Bundle-SymbolicName");
        }
        String version = main.getValue("Bundle-Version");
        return new UploadedJar(file, name, version == null ? "0.0.0" : version.trim());
    }

    /** The name part of a Bundle-SymbolicName header ({@code a.b;singleton:=true} → {@code a.b}); "" if absent. */
    static String symbolicName(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
    }

    /** @throws AdminException 400 naming both names when the jar is another bundle than the one addressed */
    void requireSymbolicName(String expected) {
        if (!symbolicName.equals(expected)) {
            throw AdminException.badRequest("the uploaded jar is bundle \"" + symbolicName
                    + "\" (Bundle-SymbolicName), but the request updates \"" + expected + "\"");
        }
    }

    InputStream newInputStream() throws IOException {
        return Files.newInputStream(file);
    }

    String symbolicName() {
        return symbolicName;
    }

    String version() {
        return version;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }

    private static void copyAtMost(InputStream in, Path file, long maxBytes) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new AdminException(413, "RequestEntityTooLarge",
                            "the jar is larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        if (total == 0) {
            throw AdminException.badRequest("the request has no body; send the bundle jar");
        }
    }
}
