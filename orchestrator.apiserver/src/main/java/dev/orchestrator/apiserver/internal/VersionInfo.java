package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The body of {@code /version}: the Kubernetes version served, and of this build what the manifest of the API
 * server bundle records (its commit, whether the tree had changes, the commit's time as the build date: the builds
 * are reproducible and carry no time of their own), and the JVM it runs on.
 */
final class VersionInfo {

    static final String COMMIT = "Orchestrator-Git-Commit";
    static final String DESCRIBE = "Orchestrator-Git-Describe";
    static final String COMMIT_TIME = "Orchestrator-Git-Commit-Time";

    private VersionInfo() {
    }

    /** From the bundle's manifest when running in OSGi; outside (the test kit) nothing is known of the build. */
    static ObjectNode of(String gitVersion) {
        Function<String, String> manifest;
        try {
            manifest = InFramework.manifest();
        } catch (LinkageError e) {
            manifest = header -> null; // no OSGi framework classes at all: the test kit on a plain class path
        }
        return of(gitVersion, manifest, System.getProperty("java.version"), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    /** Apart, so that the OSGi classes are only loaded when it is called. */
    private static final class InFramework {
        static Function<String, String> manifest() {
            Bundle bundle = FrameworkUtil.getBundle(VersionInfo.class);
            return bundle == null ? header -> null : header -> bundle.getHeaders().get(header);
        }
    }

    static ObjectNode of(String gitVersion, Function<String, String> manifest, String javaVersion, String os,
                         String arch) {
        ObjectNode v = Json.object();
        String[] parts = gitVersion.substring(1).split("\\.");
        v.put("major", parts[0]);
        v.put("minor", parts[1]);
        v.put("gitVersion", gitVersion);
        String commit = manifest.apply(COMMIT);
        v.put("gitCommit", blank(commit) ? "unknown" : commit.trim());
        String describe = manifest.apply(DESCRIBE);
        v.put("gitTreeState", blank(describe) ? "unknown" : describe.trim().endsWith("-dirty") ? "dirty" : "clean");
        v.put("buildDate", buildDate(manifest.apply(COMMIT_TIME)));
        v.put("goVersion", "java" + javaVersion);
        v.put("compiler", "javac");
        v.put("platform", os.toLowerCase(Locale.ROOT).replace(" ", "") + "/" + goArch(arch));
        return v;
    }

    private static String buildDate(String epochSeconds) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(epochSeconds.trim())).toString();
        } catch (RuntimeException e) {
            return "1970-01-01T00:00:00Z"; // unknown, in the form clients parse
        }
    }

    /** The architecture as Kubernetes (Go) names it. */
    private static String goArch(String javaArch) {
        return switch (javaArch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> javaArch;
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
