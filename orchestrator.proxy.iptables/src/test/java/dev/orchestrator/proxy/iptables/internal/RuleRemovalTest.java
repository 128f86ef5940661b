package dev.orchestrator.proxy.iptables.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.ComponentConstants;

class RuleRemovalTest {

    private static final int BUNDLE_STOPPED = ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED;
    private static final int CONFIG_DELETED = ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED;
    private static final int CONFIG_MODIFIED = ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_MODIFIED;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // what happens,                        reason, bundle,   persistently started, framework, rules removed
        "Bundle.stop() or uninstall,            6,      STOPPING, false,                ACTIVE,    true",
        "Bundle.update() or refresh,            6,      STOPPING, true,                 ACTIVE,    false",
        "framework shutdown,                    6,      STOPPING, true,                 STOPPING,  false",
        "shutdown of a transiently started bundle, 6,   STOPPING, false,                STOPPING,  false",
        "configuration deleted (switched off),  4,      ACTIVE,   true,                 ACTIVE,    true",
        "configuration deleted during shutdown, 4,      ACTIVE,   true,                 STOPPING,  false",
        "configuration changed,                 3,      ACTIVE,   true,                 ACTIVE,    false",
        "SCR stopping,                          5,      ACTIVE,   true,                 ACTIVE,    false",
    })
    void rulesGoOnlyWhenTheProxyIsSwitchedOffForGood(String what, int reason, String bundleState,
                                                     boolean persistentlyStarted, String frameworkState,
                                                     boolean removed) {
        Bundle bundle = bundle(state(bundleState), persistentlyStarted);
        Bundle framework = bundle(state(frameworkState), true);
        assertEquals(removed, RuleRemoval.onDeactivation(reason, bundle, framework), what);
    }

    @org.junit.jupiter.api.Test
    void theReasonsAreTheOnesOfDeclarativeServices() {
        assertEquals(6, BUNDLE_STOPPED);
        assertEquals(4, CONFIG_DELETED);
        assertEquals(3, CONFIG_MODIFIED);
    }

    private static int state(String name) {
        return "STOPPING".equals(name) ? Bundle.STOPPING : Bundle.ACTIVE;
    }

    private static Bundle bundle(int state, boolean persistentlyStarted) {
        BundleStartLevel startLevel = (BundleStartLevel) Proxy.newProxyInstance(BundleStartLevel.class.getClassLoader(),
                new Class<?>[] {BundleStartLevel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isPersistentlyStarted" -> persistentlyStarted;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getState" -> state;
                    case "adapt" -> args[0] == BundleStartLevel.class ? startLevel : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
