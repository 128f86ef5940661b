/**
 * Metrics of this process, exposed in the Prometheus text format: any bundle registers a
 * {@link dev.orchestrator.api.metrics.MetricSource} service (whiteboard), and the endpoint bundle
 * writes what every source reports on each scrape.
 */
@Export
@Version("1.1.0")
package dev.orchestrator.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
