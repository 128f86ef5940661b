package dev.orchestrator.proxy.nftables.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Bundle;

class BundleStopIntentTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "Bundle.stop() (persistent),             STOPPING,    false, ACTIVE,   true",
        "uninstall() of an active bundle,        STOPPING,    false, ACTIVE,   true",
        "uninstalled already,                    UNINSTALLED, false, ACTIVE,   true",
        "update() or refresh (transient stop),   STOPPING,    true,  ACTIVE,   false",
        "framework shutdown,                     STOPPING,    true,  STOPPING, false",
        "framework shutdown after a stop,        STOPPING,    false, STOPPING, false",
        "configuration change (bundle active),   ACTIVE,      true,  ACTIVE,   false",
        "SCR stopped before this bundle,         ACTIVE,      true,  STOPPING, false",
    })
    void removesRulesOnlyWhenTheBundleGoesForGood(String why, String bundleState, boolean persistentlyStarted,
                                                  String frameworkState, boolean remove) {
        assertEquals(remove, BundleStopIntent.stoppedForGood(state(bundleState), persistentlyStarted,
                state(frameworkState)), why);
    }

    private static int state(String name) {
        return switch (name) {
            case "ACTIVE" -> Bundle.ACTIVE;
            case "STOPPING" -> Bundle.STOPPING;
            case "UNINSTALLED" -> Bundle.UNINSTALLED;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
