package dev.orchestrator.proxy.iptables.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

class BundleStopIntentTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // what happens,                      bundle state, persistently started, framework state, rules removed
        "Bundle.stop() or uninstall,          STOPPING,     false,                ACTIVE,          true",
        "Bundle.update() or refresh,          STOPPING,     true,                 ACTIVE,          false",
        "framework shutdown,                  STOPPING,     true,                 STOPPING,        false",
        "shutdown of a transiently started bundle, STOPPING, false,               STOPPING,        false",
        "configuration change or SCR stopping, ACTIVE,      true,                 ACTIVE,          false",
    })
    void rulesGoOnlyWhenTheBundleIsStoppedForGood(String what, String bundleState, boolean persistentlyStarted,
                                                  String frameworkState, boolean removed) {
        Bundle bundle = bundle(state(bundleState), persistentlyStarted);
        Bundle framework = bundle(state(frameworkState), true);
        assertEquals(removed, BundleStopIntent.stoppedForGood(bundle, framework), what);
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
