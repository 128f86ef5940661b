package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' local storage eviction: a pod is evicted, whatever the node's pressure, when one of
 * its emptyDir volumes holds more than its {@code sizeLimit}, when it holds more local storage than
 * the sum of its containers' {@code ephemeral-storage} limits, or when a container's own storage
 * (its logs here) exceeds its limit. Checked in that order; only pods that declare such a limit
 * are measured, so a node whose pods declare none pays nothing.
 */
public final class LocalStorageLimits {

    private static final String EPHEMERAL = "ephemeral-storage";

    private final LocalStorage storage;

    public LocalStorageLimits(LocalStorage storage) {
        this.storage = storage;
    }

    /** Why the pod must be evicted, if it exceeds one of its limits. */
    public Optional<String> violation(Pod pod) throws IOException {
        for (Volume v : pod.getSpec().getVolumes()) {
            Quantity limit = v.getEmptyDir() == null ? null : v.getEmptyDir().getSizeLimit();
            if (limit != null && bytes(limit) > 0 && storage.volume(pod, v.getName()).bytes() > bytes(limit)) {
                return Optional.of(EvictionMessages.emptyDir(v.getName(), limit));
            }
        }
        if (!declaresLimits(pod)) {
            return Optional.empty();
        }
        Map<String, DiskUsage> logs = storage.containerLogs(pod);
        long podLimit = pod.getSpec().getContainers().stream().mapToLong(c -> Amounts.limit(c, EPHEMERAL)).sum();
        if (podLimit > 0) {
            long used = storage.diskVolumes(pod).bytes() + logs.values().stream().mapToLong(DiskUsage::bytes).sum();
            if (used > podLimit) {
                return Optional.of(EvictionMessages.podEphemeralStorage(podLimit));
            }
        }
        for (Container c : pod.getSpec().getContainers()) {
            long limit = Amounts.limit(c, EPHEMERAL);
            DiskUsage used = logs.get(c.getName());
            if (limit > 0 && used != null && used.bytes() > limit) {
                return Optional.of(EvictionMessages.containerEphemeralStorage(c.getName(),
                        c.getResources().getLimits().get(EPHEMERAL)));
            }
        }
        return Optional.empty();
    }

    private static boolean declaresLimits(Pod pod) {
        return pod.getSpec().getContainers().stream().anyMatch(c -> Amounts.limit(c, EPHEMERAL) > 0);
    }

    private static long bytes(Quantity q) {
        return q.getNumericalAmount().setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }
}
