package dev.orchestrator.support.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.api.metrics.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsAreCumulativeWithSumAndCount() {
        LatencyHistogram h = new LatencyHistogram(new double[] {0.01, 0.1, 1});
        h.observeNanos(5_000_000);      // 5 ms
        h.observeNanos(10_000_000);     // exactly on the 10 ms bound: counted in it
        h.observeNanos(50_000_000);     // 50 ms
        h.observeNanos(3_000_000_000L); // 3 s: above every bound
        List<Sample> samples = h.samples(Map.of("controller", "web"));
        assertEquals(List.of(
                new Sample("_bucket", Map.of("controller", "web", "le", "0.01"), 2),
                new Sample("_bucket", Map.of("controller", "web", "le", "0.1"), 3),
                new Sample("_bucket", Map.of("controller", "web", "le", "1"), 3),
                new Sample("_bucket", Map.of("controller", "web", "le", "+Inf"), 4),
                new Sample("_sum", Map.of("controller", "web"), 3.065),
                new Sample("_count", Map.of("controller", "web"), 4)), samples);
        assertEquals(4, h.count());
    }

    @Test
    void smallBoundsAreWrittenAsPlainDecimals() {
        LatencyHistogram h = new LatencyHistogram(new double[] {0.0001, 0.0002, 0.0016, 1.25, 2});
        List<String> les = h.samples(Map.of()).stream().filter(s -> s.suffix().equals("_bucket"))
                .map(s -> s.labels().get("le")).toList();
        assertEquals(List.of("0.0001", "0.0002", "0.0016", "1.25", "2", "+Inf"), les);
    }

    @Test
    void boundsMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(new double[] {1, 1}));
    }
}
