package dev.orchestrator.runtime.sim.internal;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link SimulatedRuntime} behaves beyond what a container's command steers: how long its
 * slow calls take and which images it holds from the start. One instance can be shared by any
 * number of runtimes.
 *
 * @param startLatency how long {@code Containers.start} blocks before the container runs
 * @param pullLatency how long {@code Images.pull} blocks before the image is present
 * @param preloadedImages images present before any pull (e.g. the pause image)
 */
public record SimBehaviour(Duration startLatency, Duration pullLatency, List<String> preloadedImages) {

    public SimBehaviour {
        if (startLatency.isNegative() || pullLatency.isNegative()) {
            throw new IllegalArgumentException("latencies must not be negative: start=" + startLatency
                    + " pull=" + pullLatency);
        }
        preloadedImages = List.copyOf(preloadedImages);
    }

    /** No latency, no preloaded image: every call answers at once. */
    public static SimBehaviour instant() {
        return new SimBehaviour(Duration.ZERO, Duration.ZERO, List.of());
    }
}
