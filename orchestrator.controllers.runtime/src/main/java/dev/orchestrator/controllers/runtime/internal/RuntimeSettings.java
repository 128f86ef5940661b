package dev.orchestrator.controllers.runtime.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The runtime's configuration as values: workers (per controller, with overrides by name), retry
 * back-off and rate, the grace period for reconciles in progress when a controller stops, the
 * expectations' timeout.
 */
record RuntimeSettings(int workers, Map<String, Integer> workersByController, Duration baseBackoff,
                       Duration maxBackoff, double retryQps, int retryBurst, Duration stopGrace,
                       Duration expectationsTimeout) {

    RuntimeSettings {
        workersByController = Map.copyOf(workersByController);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
    }

    static RuntimeSettings of(ControllerRuntimeConfig c) {
        return new RuntimeSettings(c.workers(), workersByName(c.controllerWorkers()),
                Duration.ofMillis(c.baseBackoffMillis()), Duration.ofSeconds(c.maxBackoffSeconds()), c.retryQps(),
                c.retryBurst(), Duration.ofSeconds(c.stopGraceSeconds()), Duration.ofSeconds(c.expectationsTimeoutSeconds()));
    }

    int workersOf(String controller) {
        return Math.max(1, workersByController.getOrDefault(controller, workers));
    }

    /** {@code name=count} entries. */
    static Map<String, Integer> workersByName(String[] entries) {
        Map<String, Integer> byName = new HashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("controllerWorkers entries are name=count: " + entry);
            }
            byName.put(entry.substring(0, eq).trim(), Integer.parseInt(entry.substring(eq + 1).trim()));
        }
        return byName;
    }
}
