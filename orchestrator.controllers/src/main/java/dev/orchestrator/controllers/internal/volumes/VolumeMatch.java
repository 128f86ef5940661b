package dev.orchestrator.controllers.internal.volumes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which existing volume a claim binds to, as Kubernetes' binder picks it: an Available volume of the claim's class
 * (none for an empty class name), offering every access mode the claim asks for, at least as large as its request;
 * the smallest such, so large volumes stay for large claims.
 */
final class VolumeMatch {

    private VolumeMatch() {
    }

    static Optional<PersistentVolume> best(PersistentVolumeClaim claim, List<PersistentVolume> volumes) {
        BigDecimal wanted = request(claim);
        return volumes.stream()
                .filter(pv -> pv.getSpec().getClaimRef() == null && pv.getMetadata().getDeletionTimestamp() == null)
                .filter(pv -> Objects.equals(className(pv.getSpec().getStorageClassName()),
                        className(claim.getSpec().getStorageClassName())))
                .filter(pv -> pv.getSpec().getAccessModes().containsAll(claim.getSpec().getAccessModes()))
                .filter(pv -> size(pv).compareTo(wanted) >= 0)
                .min(Comparator.comparing(VolumeMatch::size));
    }

    static BigDecimal request(PersistentVolumeClaim claim) {
        var resources = claim.getSpec().getResources();
        Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of()
                : resources.getRequests();
        Quantity q = requests.get("storage");
        return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    }

    private static BigDecimal size(PersistentVolume pv) {
        Quantity q = pv.getSpec().getCapacity() == null ? null : pv.getSpec().getCapacity().get("storage");
        return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    }

    private static String className(String name) {
        return name == null ? "" : name;
    }
}
