package dev.orchestrator.runtime.docker.internal;

import com.github.dockerjava.api.model.LogConfig;
import java.util.Map;

/**
 * How big a container's json-file log may grow before docker rotates it, and how many files it keeps. Docker rotates
 * its own files (the kubelet only reads them through a link), so the kubelet's containerLogMaxSize and
 * containerLogMaxFiles do not reach them; these play that part.
 */
record DockerLogLimits(String maxSize, int maxFiles) {

    static final DockerLogLimits DEFAULT = new DockerLogLimits("10m", 5);

    static DockerLogLimits of(DockerRuntimeConfig c) {
        String size = c.logMaxSize().trim();
        if (!size.matches("[0-9]+[kmg]?")) {
            throw new IllegalArgumentException("logMaxSize must be a number of bytes with an optional k, m or g "
                    + "suffix (as docker's json-file max-size), not \"" + c.logMaxSize() + "\"");
        }
        if (c.logMaxFiles() < 1) {
            throw new IllegalArgumentException("logMaxFiles must be at least 1, not " + c.logMaxFiles());
        }
        return new DockerLogLimits(size, c.logMaxFiles());
    }

    LogConfig logConfig() {
        return new LogConfig(LogConfig.LoggingType.JSON_FILE,
                Map.of("max-size", maxSize, "max-file", Integer.toString(maxFiles)));
    }
}
