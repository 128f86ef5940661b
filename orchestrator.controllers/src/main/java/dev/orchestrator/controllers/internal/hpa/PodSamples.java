package dev.orchestrator.controllers.internal.hpa;

import dev.orchestrator.controllers.internal.Times;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sorts the target's pods as Kubernetes' replica calculator does before it computes a ratio: deleted and
 * failed pods are left out, pending ones are unready, running ones without a reading are missing. For CPU a
 * pod's reading is only trusted once the pod is ready and was so for the reading's whole window while it may
 * still be initializing (within {@code cpuInitialization} of its start); past that, a pod that is not ready
 * is unready only if it never became ready (its readiness last changed within {@code initialReadinessDelay}
 * of its start) - a pod that fell out of readiness later is busy, and its CPU counts.
 */
final class PodSamples {

    /** The two CPU timings, as kube-controller-manager's flags set them. */
    record Timings(Duration cpuInitialization, Duration initialReadinessDelay) {
    }

    private PodSamples() {
    }

    /**
     * @param container for a ContainerResource metric, the container whose usage counts; null: the whole pod
     * @param withRequests whether the pods' requests are needed (Utilization targets)
     * @throws MetricUnavailableException when a pod lacks the request a utilization needs
     */
    static List<PodSample> of(List<Pod> pods, Map<String, PodUsage> usage, String resource, String container,
                              boolean withRequests, Timings timings, Instant now) {
        List<PodSample> samples = new ArrayList<>();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            double request = withRequests ? request(pod, resource, container) : 0;
            String phase = pod.getStatus() == null ? "Pending" : String.valueOf(pod.getStatus().getPhase());
            if (pod.getMetadata().getDeletionTimestamp() != null || phase.equals("Failed") || phase.equals("Succeeded")) {
                samples.add(new PodSample(name, PodSample.State.IGNORED, 0, request));
                continue;
            }
            if (phase.equals("Pending") || phase.equals("null")) {
                samples.add(new PodSample(name, PodSample.State.UNREADY, 0, request));
                continue;
            }
            PodUsage reading = usage.get(name);
            Double value = reading == null ? null : reading.of(resource, container);
            if (value == null) {
                samples.add(new PodSample(name, PodSample.State.MISSING, 0, request));
                continue;
            }
            boolean trusted = !resource.equals("cpu") || cpuTrusted(pod, reading, timings, now);
            samples.add(new PodSample(name, trusted ? PodSample.State.READY : PodSample.State.UNREADY, value, request));
        }
        return samples;
    }

    private static boolean cpuTrusted(Pod pod, PodUsage reading, Timings timings, Instant now) {
        Optional<PodCondition> ready = pod.getStatus().getConditions() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        Optional<Instant> started = Times.parse(pod.getStatus().getStartTime());
        if (ready.isEmpty() || started.isEmpty()) {
            return false;
        }
        boolean isReady = "True".equals(ready.get().getStatus());
        Instant transition = Times.parse(ready.get().getLastTransitionTime()).orElse(started.get());
        if (started.get().plus(timings.cpuInitialization()).isAfter(now)) {
            return isReady && !reading.timestamp().isBefore(transition.plus(reading.window()));
        }
        return isReady || !started.get().plus(timings.initialReadinessDelay()).isAfter(transition);
    }

    /** The pod's request of {@code resource} (one container's, or the sum of its containers'), base units. */
    private static double request(Pod pod, String resource, String container) {
        double total = 0;
        for (Container c : pod.getSpec().getContainers()) {
            if (container != null && !container.equals(c.getName())) {
                continue;
            }
            Quantity q = c.getResources() == null || c.getResources().getRequests() == null ? null
                    : c.getResources().getRequests().get(resource);
            if (q == null) {
                throw new MetricUnavailableException("missing request for " + resource + " in container " + c.getName()
                        + " of Pod " + pod.getMetadata().getName());
            }
            total += q.getNumericalAmount().doubleValue();
        }
        return total;
    }
}
