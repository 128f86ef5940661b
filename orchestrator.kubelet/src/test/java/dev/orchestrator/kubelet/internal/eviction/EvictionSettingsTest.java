package dev.orchestrator.kubelet.internal.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvictionSettingsTest {

    private static EvictionSettings of(String hard, String soft, String graces, int maxGrace, String transition,
                                       String interval) {
        return EvictionSettings.of("n1", hard, soft, graces, maxGrace, transition, interval, false, Optional.empty());
    }

    @Test
    void aValidConfigurationIsTakenAsItIs() {
        EvictionSettings s = of("memory.available<200Mi", "nodefs.available<20%", "nodefs.available=1m", 10, "5s", "2s");
        assertEquals(1, s.hard().size());
        assertEquals(1, s.soft().size());
        assertEquals(Duration.ofSeconds(10), s.maxPodGracePeriod());
        assertEquals(Duration.ofSeconds(5), s.transitionPeriod());
        assertEquals(Duration.ofSeconds(2), s.monitoringInterval());
        assertEquals(EnumSet.of(Signal.MEMORY_AVAILABLE, Signal.NODEFS_AVAILABLE), s.signals());
        assertTrue(s.monitored());
    }

    @Test
    void badValuesFallBackToTheDefaultsInsteadOfFailingTheKubelet() {
        EvictionSettings s = of("memory.avail<1Gi", "memory.available<1Gi", "", -3, "soon", "0s");
        assertEquals(ThresholdParser.thresholds(EvictionSettings.DEFAULT_HARD), s.hard());
        assertTrue(s.soft().isEmpty(), "a soft threshold without grace period is dropped");
        assertEquals(Duration.ZERO, s.maxPodGracePeriod());
        assertEquals(Duration.ofMinutes(5), s.transitionPeriod());
        assertEquals(Duration.ofSeconds(10), s.monitoringInterval());
    }

    @Test
    void anEmptyHardListMeansNoHardThresholdsYetTheNodeIsStillWatched() {
        EvictionSettings s = of("", "", "", 0, "5m", "10s");
        assertTrue(s.all().isEmpty());
        assertTrue(s.monitored(), "local storage limits are checked without thresholds");
        assertTrue(!EvictionSettings.DISABLED.monitored());
    }
}
