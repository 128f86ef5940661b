package dev.orchestrator.runtime.cri.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.orchestrator.api.runtime.RuntimeStatus;
import dev.orchestrator.runtime.cri.internal.v1.RuntimeCondition;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriRuntimeStatusTest {

    @Test
    void readyConditions() {
        assertEquals(RuntimeStatus.ready(), CriContainerRuntime.status(List.of(
                RuntimeCondition.newBuilder().setType("RuntimeReady").setStatus(true).build(),
                RuntimeCondition.newBuilder().setType("NetworkReady").setStatus(true).build())));
    }

    @Test
    void notReadyNetworkSaysWhyAndMissingConditionCountsAsNotReady() {
        RuntimeStatus s = CriContainerRuntime.status(List.of(RuntimeCondition.newBuilder().setType("NetworkReady")
                .setReason("NetworkPluginNotReady").setMessage("cni config uninitialized").build()));
        assertEquals("NetworkPluginNotReady: cni config uninitialized", s.networkMessage());
        assertFalse(s.runtimeReady());
        assertFalse(s.runtimeMessage().isEmpty());
    }
}
