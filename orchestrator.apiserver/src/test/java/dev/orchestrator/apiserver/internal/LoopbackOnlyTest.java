package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoopbackOnlyTest {

    @Test
    void theApiServerRefusesAnyAddressButLoopbackWithAClearMessage() {
        assertDoesNotThrow(() -> ApiServerComponent.requireLoopback("127.0.0.1"));
        assertDoesNotThrow(() -> ApiServerComponent.requireLoopback("localhost"));
        IllegalStateException all = assertThrows(IllegalStateException.class,
                () -> ApiServerComponent.requireLoopback("0.0.0.0"));
        assertTrue(all.getMessage().contains("must bind to loopback"), all.getMessage());
        IllegalStateException unset = assertThrows(IllegalStateException.class,
                () -> ApiServerComponent.requireLoopback(null));
        assertTrue(unset.getMessage().contains("127.0.0.1"), unset.getMessage());
    }
}
