package dev.orchestrator.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BundlePathTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "/"})
    void collection(String pathInfo) {
        assertEquals(new BundlePath(Optional.empty()), BundlePath.parse(pathInfo));
    }

    @ParameterizedTest
    @CsvSource({
        "/orchestrator.kubelet, orchestrator.kubelet",
        "/orchestrator.kubelet/, orchestrator.kubelet",
        "/slf4j.api, slf4j.api",
        "/com.fasterxml.jackson.core.jackson-databind, com.fasterxml.jackson.core.jackson-databind",
        "/a_b, a_b",
    })
    void oneBundle(String pathInfo, String name) {
        assertEquals(Optional.of(name), BundlePath.parse(pathInfo).symbolicName());
    }

    @ParameterizedTest
    @CsvSource({
        "/a/b, 404",
        "/orchestrator.kubelet/status, 404",
        "/a..b, 400",
        "/.a, 400",
        "/a b, 400",
        "/a;b, 400",
        "/%2e%2e, 400",
    })
    void refused(String pathInfo, int code) {
        assertEquals(code, assertThrows(AdminException.class, () -> BundlePath.parse(pathInfo)).code);
    }
}
