package dev.orchestrator.admin.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BundleAdminServletTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "null, self, false",
        "self=true, self, true",
        "self, self, true",
        "self=TRUE, self, true",
        "self=false, self, false",
        "force=true, self, false",
        "force=true&self=true, self, true",
        "force=true&self=true, force, true",
        "myself=true, self, false",
    })
    void flags(String query, String name, boolean set) {
        assertEquals(set, BundleAdminServlet.flag(query, name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/java-archive", "application/octet-stream", "Application/Octet-Stream; x=y"})
    void jarContentTypes(String type) {
        assertDoesNotThrow(() -> BundleAdminServlet.requireJarContentType(type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "application/x-www-form-urlencoded", "application/json", "multipart/form-data"})
    void otherContentTypesAre415(String type) {
        assertEquals(415, assertThrows(AdminException.class,
                () -> BundleAdminServlet.requireJarContentType(type.isEmpty() ? null : type)).code);
    }
}
