package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Collection;
import java.util.stream.Stream;

/**
 * The messages Kubernetes' kubelet writes on an evicted pod (status and Evicted event), in its
 * wording, each sentence ending with a space as there.
 */
public final class EvictionMessages {

    private EvictionMessages() {
    }

    /**
     * {@code The node was low on resource: memory. Threshold quantity: 100Mi, available: 80Mi. Container
     * hog was using 420Mi, request is 0, has larger consumption of memory. } — one sentence for each
     * container using more than it requested.
     */
    public static String nodeLow(Threshold threshold, Observation observed, PodConsumption pod) {
        Signal s = threshold.signal();
        StringBuilder m = new StringBuilder("The node was low on resource: ").append(s.resource()).append(". ")
                .append("Threshold quantity: ").append(Amounts.format(threshold.minimum(observed.capacity()), s.unit()))
                .append(", available: ").append(Amounts.format(observed.available(), s.unit())).append(". ");
        Stream.concat(pod.pod().getSpec().getInitContainers().stream(), pod.pod().getSpec().getContainers().stream())
                .forEach(c -> {
                    Long usage = pod.byContainer().get(c.getName());
                    long request = containerRequest(c, s);
                    if (usage != null && usage > request) {
                        m.append("Container ").append(c.getName()).append(" was using ")
                                .append(Amounts.format(usage, s.unit())).append(", request is ")
                                .append(Amounts.format(request, s.unit())).append(", has larger consumption of ")
                                .append(s.resource()).append(". ");
                    }
                });
        return m.toString();
    }

    private static long containerRequest(Container c, Signal s) {
        return switch (s) {
            case MEMORY_AVAILABLE -> Amounts.request(c, "memory");
            case NODEFS_AVAILABLE, IMAGEFS_AVAILABLE -> Amounts.request(c, "ephemeral-storage");
            default -> 0;
        };
    }

    /** {@code Usage of EmptyDir volume "x" exceeds the limit "1Mi". } */
    public static String emptyDir(String volume, Quantity limit) {
        return "Usage of EmptyDir volume \"" + volume + "\" exceeds the limit \"" + Amounts.format(limit) + "\". ";
    }

    /** {@code Pod ephemeral local storage usage exceeds the total limit of containers 2Gi. } */
    public static String podEphemeralStorage(long limit) {
        return "Pod ephemeral local storage usage exceeds the total limit of containers "
                + Amounts.format(limit, Signal.Unit.BYTES) + ". ";
    }

    /** {@code Container app exceeded its local ephemeral storage limit "1Gi". } */
    public static String containerEphemeralStorage(String container, Quantity limit) {
        return "Container " + container + " exceeded its local ephemeral storage limit \"" + Amounts.format(limit) + "\". ";
    }

    /** {@code The node had condition: [MemoryPressure]. } — why a new pod is refused while under pressure. */
    public static String nodeCondition(Collection<String> conditions) {
        return "The node had condition: [" + String.join(" ", conditions) + "]. ";
    }
}
