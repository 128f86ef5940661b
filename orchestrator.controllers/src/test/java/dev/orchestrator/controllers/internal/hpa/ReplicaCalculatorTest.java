package dev.orchestrator.controllers.internal.hpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.controllers.internal.hpa.PodSample.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaCalculatorTest {

    private static final double TOLERANCE = 0.1;

    /** Pods requesting 100m CPU each, using the given millicores (negative: missing metric). */
    private static List<PodSample> ready(int... millicores) {
        List<PodSample> pods = new ArrayList<>();
        for (int i = 0; i < millicores.length; i++) {
            pods.add(millicores[i] < 0 ? new PodSample("p" + i, State.MISSING, 0, 0.1)
                    : new PodSample("p" + i, State.READY, millicores[i] / 1000.0, 0.1));
        }
        return pods;
    }

    @Test
    void scalesByTheRatioOfUsageToTarget() {
        ReplicaCalculator.Proposal p = ReplicaCalculator.utilization(2, ready(100, 100), 50, TOLERANCE);
        assertEquals(4, p.replicas());
        assertEquals(100, p.utilization().getAsInt());
        assertEquals(0.1, p.averageValue(), 1e-9);
        assertEquals(1, ReplicaCalculator.utilization(3, ready(10, 10, 10), 50, TOLERANCE).replicas());
    }

    @Test
    void withinTheToleranceNothingChanges() {
        assertEquals(2, ReplicaCalculator.utilization(2, ready(54, 54), 50, TOLERANCE).replicas());
        assertEquals(2, ReplicaCalculator.utilization(2, ready(46, 46), 50, TOLERANCE).replicas());
        assertEquals(3, ReplicaCalculator.utilization(2, ready(56, 56), 50, TOLERANCE).replicas());
    }

    @Test
    void missingPodsCountAsFullOnScaleDownAndEmptyOnScaleUp() {
        // down: two pods at 10 % and one missing at 100 % → (10+10+100)/3 = 40 % of 50 → ratio 0.8 → 3*0.8 = 2.4 → 3
        assertEquals(3, ReplicaCalculator.utilization(3, ready(10, 10, -1), 50, TOLERANCE).replicas());
        // without the missing one it would have been ceil(0.2 * 2) = 1
        assertEquals(1, ReplicaCalculator.utilization(2, ready(10, 10), 50, TOLERANCE).replicas());
        // up: two at 100 %, one missing at 0 → 66 % of 50 → 1.33 → ceil(3 * 1.33) = 4
        assertEquals(4, ReplicaCalculator.utilization(3, ready(100, 100, -1), 50, TOLERANCE).replicas());
    }

    @Test
    void unreadyPodsCountAsEmptyOnScaleUpOnly() {
        List<PodSample> pods = new ArrayList<>(ready(60, 60));
        pods.add(new PodSample("starting", State.UNREADY, 0.5, 0.1));
        // ready pods at 120 % of 50; the unready one at 0 → 40 % → ratio 0.8: the direction reverses, so stay
        assertEquals(3, ReplicaCalculator.utilization(3, pods, 50, TOLERANCE).replicas());
        pods = new ArrayList<>(ready(200, 200));
        pods.add(new PodSample("starting", State.UNREADY, 0.5, 0.1));
        // (200+200+0)/300 = 133 % of 50 → 2.67 → ceil(3 * 2.67) = 8
        assertEquals(8, ReplicaCalculator.utilization(3, pods, 50, TOLERANCE).replicas());
        pods = new ArrayList<>(ready(10, 10));
        pods.add(new PodSample("starting", State.UNREADY, 0.5, 0.1));
        // scaling down ignores the unready pod: ceil(0.2 * 2) = 1
        assertEquals(1, ReplicaCalculator.utilization(3, pods, 50, TOLERANCE).replicas());
    }

    @Test
    void ignoredPodsDoNotCount() {
        List<PodSample> pods = new ArrayList<>(ready(100));
        pods.add(new PodSample("gone", State.IGNORED, 0, 0.1));
        assertEquals(2, ReplicaCalculator.utilization(2, pods, 50, TOLERANCE).replicas());
    }

    @Test
    void noPodsOrNoMetricsIsAnErrorNotAScaleToZero() {
        assertThrows(MetricUnavailableException.class, () -> ReplicaCalculator.utilization(2, List.of(), 50, TOLERANCE));
        MetricUnavailableException e = assertThrows(MetricUnavailableException.class,
                () -> ReplicaCalculator.utilization(2, ready(-1, -1), 50, TOLERANCE));
        assertEquals("did not receive metrics for targeted pods (pods might be unready)", e.getMessage());
    }

    @Test
    void averageValueTargets() {
        List<PodSample> pods = List.of(new PodSample("a", State.READY, 200e6, 0), new PodSample("b", State.READY, 100e6, 0));
        ReplicaCalculator.Proposal p = ReplicaCalculator.averageValue(2, pods, 100e6, TOLERANCE);
        assertEquals(3, p.replicas());
        assertEquals(150e6, p.averageValue(), 1);
        assertEquals(false, p.utilization().isPresent());
    }
}
