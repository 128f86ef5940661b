package dev.orchestrator.api.metrics;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something that reports metrics. Register it as an OSGi service; the metrics endpoint asks every
 * source on each scrape, so a source keeps its counters itself and only reads them here.
 */
@ConsumerType
@FunctionalInterface
public interface MetricSource {

    /**
     * The current value of every metric of this source. Called on each scrape, from any thread,
     * possibly concurrently with updates; must be cheap and must not block.
     */
    List<Metric> metrics();
}
