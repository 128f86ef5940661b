/**
 * The API server's Prometheus metrics, under the names and labels Kubernetes gives them (requests, in-flight and
 * long-running requests, store call latency, watch cache events). Private to the bundle; the metrics endpoint bundle
 * reads them through the {@link dev.orchestrator.api.metrics.MetricSource} service the API server registers.
 */
package dev.orchestrator.apiserver.internal.monitoring;
