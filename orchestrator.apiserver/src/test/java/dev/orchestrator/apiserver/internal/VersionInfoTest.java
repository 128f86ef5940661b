package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionInfoTest {

    @Test
    void reportsTheCommitAndItsTimeFromTheManifestAndThePlatformOfTheJvm() {
        Map<String, String> manifest = Map.of(VersionInfo.COMMIT, "f84bece0123456789abcdef0123456789abcdef0",
                VersionInfo.DESCRIBE, "f84bece", VersionInfo.COMMIT_TIME, "1796396400");
        ObjectNode v = VersionInfo.of("v1.32.0", manifest::get, "17.0.15", "Linux", "aarch64");
        assertEquals("1", v.path("major").asText());
        assertEquals("32", v.path("minor").asText());
        assertEquals("f84bece0123456789abcdef0123456789abcdef0", v.path("gitCommit").asText());
        assertEquals("clean", v.path("gitTreeState").asText());
        assertEquals("2026-12-04T15:00:00Z", v.path("buildDate").asText());
        assertEquals("java17.0.15", v.path("goVersion").asText());
        assertEquals("linux/arm64", v.path("platform").asText());
    }

    @Test
    void aDirtyTreeAndAnUnknownBuildAreSaidSo() {
        assertEquals("dirty", VersionInfo.of("v1.32.0", Map.of(VersionInfo.DESCRIBE, "f84bece-dirty")::get, "17",
                "Linux", "amd64").path("gitTreeState").asText());
        ObjectNode unknown = VersionInfo.of("v1.32.0", header -> null, "17", "Linux", "x86_64");
        assertEquals("unknown", unknown.path("gitCommit").asText());
        assertEquals("unknown", unknown.path("gitTreeState").asText());
        assertEquals("1970-01-01T00:00:00Z", unknown.path("buildDate").asText());
        assertEquals("linux/amd64", unknown.path("platform").asText());
    }
}
