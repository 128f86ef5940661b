package dev.orchestrator.support.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeStateRemovalTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // what happens,                            framework stopping, configured, bundle stopping, persistently started, removed
        "Bundle.stop() or uninstall,                false, true,  true,  false, true",
        "Bundle.update() or refresh,                false, true,  true,  true,  false",
        "framework shutdown,                        true,  true,  true,  true,  false",
        "shutdown of a transiently started bundle,  true,  true,  true,  false, false",
        "configuration deleted (switched off),      false, false, false, true,  true",
        "configuration deleted during shutdown,     true,  false, false, true,  false",
        "configuration changed,                     false, true,  false, true,  false",
        "a required service went away,              false, true,  false, true,  false",
    })
    void stateGoesOnlyWhenTheComponentIsSwitchedOffForGood(String what, boolean frameworkStopping,
                                                            boolean configured, boolean bundleStopping,
                                                            boolean persistentlyStarted, boolean removed) {
        assertEquals(removed, NodeStateRemoval.decide(frameworkStopping, configured, bundleStopping,
                persistentlyStarted), what);
    }
}
