package dev.orchestrator.controllers.internal.hpa;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Kubernetes' replica calculation for one metric: the ratio of current usage to target, applied to the
 * pods that report it. Within the tolerance nothing changes. Pods with no metric and pods whose metric is
 * not trusted yet (unready) are then taken into account the cautious way: when the ratio says "scale down",
 * missing pods count as using 100 % (of their request, or of the target value), when it says "scale up"
 * missing and unready pods count as using nothing; if that reverses the direction or lands within the
 * tolerance, the replicas stay as they are. Pure: no clock, no API.
 */
final class ReplicaCalculator {

    /**
     * A recommendation and the metric's current value, as status.currentMetrics reports it.
     *
     * @param utilization the average utilization in percent of the requests (Utilization targets)
     * @param averageValue the average usage per ready pod (base units)
     */
    record Proposal(int replicas, OptionalInt utilization, double averageValue) {
    }

    private ReplicaCalculator() {
    }

    /** For a target utilization, in percent of the pods' requests. */
    static Proposal utilization(int currentReplicas, List<PodSample> pods, int targetPercent, double tolerance) {
        Map<String, Double> requests = requests(pods);
        Ratio ratio = usage -> {
            double used = 0;
            double requested = 0;
            for (Map.Entry<String, Double> e : usage.entrySet()) {
                used += e.getValue();
                requested += requests.getOrDefault(e.getKey(), 0.0);
            }
            if (requested <= 0) {
                throw new MetricUnavailableException("no metrics returned matched known pods");
            }
            int percent = (int) (used * 100 / requested);
            return new double[] {(double) percent / targetPercent, percent, used / usage.size()};
        };
        return calculate(currentReplicas, pods, tolerance, ratio, PodSample::request);
    }

    /** For a target average value per pod (base units). */
    static Proposal averageValue(int currentReplicas, List<PodSample> pods, double target, double tolerance) {
        Ratio ratio = usage -> {
            double average = usage.values().stream().mapToDouble(Double::doubleValue).sum() / usage.size();
            return new double[] {average / target, -1, average};
        };
        return calculate(currentReplicas, pods, tolerance, ratio, p -> target);
    }

    /** Usage ratio, utilization percent (-1: none) and average value of a set of pod usages. */
    private interface Ratio {
        double[] of(Map<String, Double> usage);
    }

    private static Proposal calculate(int current, List<PodSample> pods, double tolerance, Ratio ratio,
                                      java.util.function.ToDoubleFunction<PodSample> fullUsage) {
        if (pods.isEmpty()) {
            throw new MetricUnavailableException("no pods returned by selector while calculating replica count");
        }
        Map<String, Double> usage = new HashMap<>();
        List<PodSample> missing = pods.stream().filter(p -> p.state() == PodSample.State.MISSING).toList();
        List<PodSample> unready = pods.stream().filter(p -> p.state() == PodSample.State.UNREADY).toList();
        pods.stream().filter(p -> p.state() == PodSample.State.READY).forEach(p -> usage.put(p.name(), p.usage()));
        if (usage.isEmpty()) {
            throw new MetricUnavailableException("did not receive metrics for targeted pods (pods might be unready)");
        }
        int readyCount = usage.size();
        double[] measured = ratio.of(usage);
        double usageRatio = measured[0];
        OptionalInt utilization = measured[1] < 0 ? OptionalInt.empty() : OptionalInt.of((int) measured[1]);
        boolean scaleUpWithUnready = !unready.isEmpty() && usageRatio > 1.0;
        if (!scaleUpWithUnready && missing.isEmpty()) {
            if (Math.abs(1.0 - usageRatio) <= tolerance) {
                return new Proposal(current, utilization, measured[2]);
            }
            return new Proposal((int) Math.ceil(usageRatio * readyCount), utilization, measured[2]);
        }
        if (usageRatio < 1.0) {
            missing.forEach(p -> usage.put(p.name(), fullUsage.applyAsDouble(p)));
        } else if (usageRatio > 1.0) {
            missing.forEach(p -> usage.put(p.name(), 0.0));
        }
        if (scaleUpWithUnready) {
            unready.forEach(p -> usage.put(p.name(), 0.0));
        }
        double newRatio = ratio.of(usage)[0];
        boolean reversed = (usageRatio < 1.0 && newRatio > 1.0) || (usageRatio > 1.0 && newRatio < 1.0);
        if (Math.abs(1.0 - newRatio) <= tolerance || reversed) {
            return new Proposal(current, utilization, measured[2]);
        }
        int replicas = (int) Math.ceil(newRatio * usage.size());
        if ((newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current)) {
            return new Proposal(current, utilization, measured[2]);
        }
        return new Proposal(replicas, utilization, measured[2]);
    }

    private static Map<String, Double> requests(List<PodSample> pods) {
        Map<String, Double> requests = new HashMap<>();
        pods.forEach(p -> requests.put(p.name(), p.request()));
        return requests;
    }
}
