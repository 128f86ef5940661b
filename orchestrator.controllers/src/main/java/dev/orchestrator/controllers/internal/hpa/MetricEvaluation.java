package dev.orchestrator.controllers.internal.hpa;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.ContainerResourceMetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricValueStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.ResourceMetricStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric of an HPA evaluated against the target's pods: each one's replica proposal, the largest of
 * which wins (the metric that needs the most pods decides), and each one's current value for
 * status.currentMetrics. Resource and ContainerResource metrics (Utilization or AverageValue) are computed
 * from metrics.k8s.io; Pods, Object and External metrics need a custom or external metrics API, which this
 * cluster does not serve, so they fail the way an unavailable metric does.
 */
final class MetricEvaluation {

    /**
     * @param replicas the largest proposal of the valid metrics
     * @param metric how events name the metric that decided, e.g. {@code cpu resource utilization (percentage of request)}
     * @param current one status per metric, in the order of spec.metrics
     * @param invalid how many metrics could not be computed
     * @param failure the first failure: condition reason and message
     */
    record Evaluation(int replicas, String metric, List<MetricStatus> current, int invalid, Optional<Failure> failure) {

        boolean allInvalid() {
            return invalid >= current.size();
        }
    }

    /** Why a metric could not be computed: an event and ScalingActive=False reason, and what it says. */
    record Failure(String reason, String message) {
    }

    private MetricEvaluation() {
    }

    static Evaluation evaluate(List<MetricSpec> specs, List<Pod> pods, Map<String, PodUsage> usage, int currentReplicas,
                               double tolerance, PodSamples.Timings timings, Instant now) {
        int replicas = 0;
        String decided = "";
        int invalid = 0;
        Failure first = null;
        List<MetricStatus> statuses = new ArrayList<>();
        for (MetricSpec spec : specs) {
            boolean container = "ContainerResource".equals(spec.getType());
            if (!"Resource".equals(spec.getType()) && !container) {
                statuses.add(new MetricStatus(null, null, null, null, null, spec.getType()));
                invalid++;
                first = first != null ? first : new Failure("FailedGet" + spec.getType() + "Metric", "unable to get "
                        + spec.getType() + " metric: no custom or external metrics API is served by this cluster");
                continue;
            }
            String resource = container ? spec.getContainerResource().getName() : spec.getResource().getName();
            String containerName = container ? spec.getContainerResource().getContainer() : null;
            MetricTarget target = container ? spec.getContainerResource().getTarget() : spec.getResource().getTarget();
            boolean utilization = "Utilization".equals(target.getType());
            String name = resource + (container ? " container resource" : " resource")
                    + (utilization ? " utilization (percentage of request)" : "");
            try {
                List<PodSample> samples = PodSamples.of(pods, usage, resource, containerName, utilization, timings, now);
                ReplicaCalculator.Proposal p = utilization
                        ? ReplicaCalculator.utilization(currentReplicas, samples, target.getAverageUtilization(), tolerance)
                        : ReplicaCalculator.averageValue(currentReplicas, samples,
                                target.getAverageValue().getNumericalAmount().doubleValue(), tolerance);
                statuses.add(status(container, resource, containerName, valueStatus(p)));
                if (replicas == 0 || p.replicas() > replicas) {
                    replicas = p.replicas();
                    decided = name;
                }
            } catch (MetricUnavailableException e) {
                statuses.add(status(container, resource, containerName, new MetricValueStatus()));
                invalid++;
                first = first != null ? first : new Failure(container ? "FailedGetContainerResourceMetric"
                        : "FailedGetResourceMetric", "failed to get " + resource + (utilization ? " utilization: " : " usage: ")
                        + e.getMessage());
            }
        }
        return new Evaluation(replicas, decided, statuses, invalid, Optional.ofNullable(first));
    }

    private static MetricValueStatus valueStatus(ReplicaCalculator.Proposal p) {
        MetricValueStatus value = new MetricValueStatus();
        p.utilization().ifPresent(value::setAverageUtilization);
        value.setAverageValue(quantity(p.averageValue()));
        return value;
    }

    private static MetricStatus status(boolean container, String resource, String containerName, MetricValueStatus value) {
        MetricStatus status = new MetricStatus();
        if (container) {
            status.setType("ContainerResource");
            status.setContainerResource(new ContainerResourceMetricStatus(containerName, value, resource));
        } else {
            status.setType("Resource");
            status.setResource(new ResourceMetricStatus(value, resource));
        }
        return status;
    }

    /** A value in base units as Kubernetes prints it: whole numbers plain, fractions in thousandths ({@code 250m}). */
    static Quantity quantity(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return new Quantity(Long.toString((long) value));
        }
        return new Quantity(Math.round(value * 1000) + "m");
    }
}
