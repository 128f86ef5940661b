package dev.orchestrator.proxy.nftables.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentConstants;

class BundleStopIntentTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "configuration deleted (proxy switched off),  CONFIGURATION_DELETED, ACTIVE,      true,  ACTIVE,   true",
        "Bundle.stop() (persistent),                  BUNDLE_STOPPED,        STOPPING,    false, ACTIVE,   true",
        "uninstall() of an active bundle,             BUNDLE_STOPPED,        STOPPING,    false, ACTIVE,   true",
        "uninstalled already,                         BUNDLE_STOPPED,        UNINSTALLED, false, ACTIVE,   true",
        "update() or refresh (transient stop),        BUNDLE_STOPPED,        STOPPING,    true,  ACTIVE,   false",
        "configuration changed,                       CONFIGURATION_MODIFIED, ACTIVE,     true,  ACTIVE,   false",
        "framework shutdown,                          BUNDLE_STOPPED,        STOPPING,    true,  STOPPING, false",
        "configuration gone during shutdown,          CONFIGURATION_DELETED, ACTIVE,      true,  STOPPING, false",
        "a stopped bundle during shutdown,            BUNDLE_STOPPED,        STOPPING,    false, STOPPING, false",
        "SCR stopped first (bundle active),           DISPOSED,              ACTIVE,      true,  ACTIVE,   false",
    })
    void removesTheTableOnlyWhenTheProxyGoesForGood(String why, String reason, String bundleState,
                                                    boolean persistentlyStarted, String frameworkState,
                                                    boolean remove) {
        assertEquals(remove, BundleStopIntent.removeTable(reason(reason), state(bundleState), persistentlyStarted,
                state(frameworkState)), why);
    }

    private static int reason(String name) {
        return switch (name) {
            case "CONFIGURATION_DELETED" -> ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED;
            case "CONFIGURATION_MODIFIED" -> ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_MODIFIED;
            case "BUNDLE_STOPPED" -> ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED;
            case "DISPOSED" -> ComponentConstants.DEACTIVATION_REASON_DISPOSED;
            default -> throw new IllegalArgumentException(name);
        };
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
