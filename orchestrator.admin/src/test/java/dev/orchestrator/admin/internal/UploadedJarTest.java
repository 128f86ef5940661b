package dev.orchestrator.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UploadedJarTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "a.b, a.b",
        "'a.b;singleton:=true', a.b",
        "' a.b ; singleton:=true', a.b",
        "null, ''",
    })
    void symbolicNameWithoutDirectives(String header, String name) {
        assertEquals(name, UploadedJar.symbolicName(header));
    }

    @Test
    void readsNameAndVersionAndDeletesTheFileOnClose() throws IOException {
        UploadedJar jar = UploadedJar.receive(new ByteArrayInputStream(bundle("x.y;singleton:=true", "1.2.3")),
                1 << 20, dir);
        assertEquals("x.y", jar.symbolicName());
        assertEquals("1.2.3", jar.version());
        jar.requireSymbolicName("x.y");
        assertEquals(1, count());
        jar.close();
        assertEquals(0, count());
    }

    @Test
    void anotherBundleIsABadRequestNamingBoth() throws IOException {
        try (UploadedJar jar = UploadedJar.receive(new ByteArrayInputStream(bundle("x.y", "1.0.0")), 1 << 20, dir)) {
            AdminException e = assertThrows(AdminException.class,
                    () -> jar.requireSymbolicName("orchestrator.kubelet"));
            assertEquals(400, e.code);
            assertTrue(e.getMessage().contains("\"x.y\"") && e.getMessage().contains("\"orchestrator.kubelet\""),
                    e.getMessage());
        }
    }

    @Test
    void refusedBodiesLeaveNoFile() throws IOException {
        assertEquals(400, refused(new byte[0], 100).code);
        assertEquals(400, refused("not a zip".getBytes(StandardCharsets.UTF_8), 100).code);
        assertEquals(400, refused(zipWithoutManifest(), 1 << 20).code);
        assertEquals(400, refused(bundle(null, "1.0.0"), 1 << 20).code);
        AdminException tooLarge = refused(bundle("x.y", "1.0.0"), 10);
        assertEquals(413, tooLarge.code);
        assertEquals("RequestEntityTooLarge", tooLarge.reason);
        assertEquals(0, count());
    }

    private AdminException refused(byte[] body, long max) {
        return assertThrows(AdminException.class, () -> UploadedJar.receive(new ByteArrayInputStream(body), max, dir));
    }

    private long count() throws IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    static byte[] bundle(String symbolicName, String version) throws IOException {
        return bundle(symbolicName, version, java.util.Map.of());
    }

    /** A bundle with nothing but a manifest, with these extra headers (e.g. an Import-Package). */
    static byte[] bundle(String symbolicName, String version, java.util.Map<String, String> headers) throws IOException {
        return bundle(symbolicName, version, headers, java.util.Map.of("readme.txt", "hello"));
    }

    /** A bundle with these extra headers and these entries (path → text). */
    static byte[] bundle(String symbolicName, String version, java.util.Map<String, String> headers,
                         java.util.Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        if (symbolicName != null) {
            main.putValue("Bundle-SymbolicName", symbolicName);
        }
        main.putValue("Bundle-Version", version);
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (var entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] zipWithoutManifest() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write(1);
        }
        assertFalse(bytes.size() == 0);
        return bytes.toByteArray();
    }
}
