package dev.orchestrator.kubelet.internal.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdParserTest {

    @Test
    void kubernetesDefaultsReadAsQuantitiesAndPercentages() {
        List<Threshold> t = ThresholdParser.thresholds(EvictionSettings.DEFAULT_HARD);
        assertEquals(4, t.size());
        assertEquals(Signal.MEMORY_AVAILABLE, t.get(0).signal());
        assertEquals(100L << 20, t.get(0).quantity());
        assertEquals(Signal.NODEFS_AVAILABLE, t.get(1).signal());
        assertEquals(10.0, t.get(1).percentage());
        assertEquals(1000, t.get(1).minimum(10_000));
        assertEquals(Signal.NODEFS_INODES_FREE, t.get(2).signal());
        assertEquals(Signal.IMAGEFS_AVAILABLE, t.get(3).signal());
        assertTrue(t.stream().allMatch(Threshold::hard));
    }

    @Test
    void spacesAndEmptyEntriesAreFineAndZeroTurnsASignalOff() {
        List<Threshold> t = ThresholdParser.thresholds(" memory.available < 1Gi , ,pid.available<1k,nodefs.available<0%");
        assertEquals(2, t.size());
        assertEquals(1L << 30, t.get(0).quantity());
        assertEquals(1000, t.get(1).quantity());
        assertTrue(ThresholdParser.thresholds("").isEmpty());
        assertTrue(ThresholdParser.thresholds("memory.available<0").isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "memory.available>100Mi | only '<' is supported",
            "memory.available=100Mi | only '<' is supported",
            "memory.free<100Mi | unknown eviction signal 'memory.free'",
            "memory.available<lots | 'lots' in 'memory.available<lots' is not a quantity",
            "memory.available<-5Mi | must be a quantity of at least 0",
            "nodefs.available<150% | is not between 0% and 100%",
            "nodefs.available<ten% | is not a percentage",
            "memory.available<1Mi,memory.available<2Mi | signal memory.available has two thresholds",
    })
    void mistakesSayWhatIsWrong(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThresholdParser.thresholds(text));
        assertTrue(e.getMessage().contains(message.trim()), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "10s, 10000", "1m30s, 90000", "300ms, 300", "1.5h, 5400000", "2h45m, 9900000", "1500us, 1"})
    void goDurations(String text, long millis) {
        assertEquals(millis, ThresholdParser.duration(text).toMillis());
    }

    @ParameterizedTest
    @CsvSource({"10", "s", "1x", "'1m 30s'", "''", "-5s"})
    void notDurations(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThresholdParser.duration(text));
        assertTrue(e.getMessage().contains("is not a duration"), e.getMessage());
    }

    @Test
    void softThresholdsCarryTheirGracePeriods() {
        List<Threshold> soft = ThresholdParser.softThresholds("memory.available<1Gi,nodefs.available<20%",
                "nodefs.available=2m,memory.available=1m30s");
        assertEquals(Duration.ofSeconds(90), soft.get(0).gracePeriod());
        assertEquals(Duration.ofMinutes(2), soft.get(1).gracePeriod());
        assertTrue(soft.stream().noneMatch(Threshold::hard));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "memory.available<1Gi | '' | has no grace period",
            "memory.available<1Gi | memory.available=1m,nodefs.available=1m | grace periods without a soft threshold: [nodefs.available]",
            "memory.available<1Gi | memory.available=0 | must be positive",
            "memory.available<1Gi | memory.available:1m | is not <signal>=<duration>",
    })
    void softMistakesSayWhatIsWrong(String soft, String graces, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThresholdParser.softThresholds(soft, graces.trim()));
        assertTrue(e.getMessage().contains(message.trim()), e.getMessage());
    }
}
