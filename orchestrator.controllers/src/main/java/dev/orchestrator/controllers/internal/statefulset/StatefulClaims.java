package dev.orchestrator.controllers.internal.statefulset;

import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of a StatefulSet's pods, as Kubernetes makes them: for each of {@code volumeClaimTemplates} and each
 * ordinal a claim {@code <template>-<set>-<ordinal>}, made before its pod and kept when the pod goes (so a pod made
 * again finds its data), mounted as the pod's volume of the template's name. With
 * {@code persistentVolumeClaimRetentionPolicy.whenDeleted: Delete} the set owns them, so they go with it.
 */
final class StatefulClaims {

    private StatefulClaims() {
    }

    static String name(String template, StatefulSet sts, int ordinal) {
        return template + "-" + sts.getMetadata().getName() + "-" + ordinal;
    }

    /** The claims the pod of {@code ordinal} needs. */
    static List<PersistentVolumeClaim> of(StatefulSet sts, int ordinal) {
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        var retention = sts.getSpec().getPersistentVolumeClaimRetentionPolicy();
        boolean owned = retention != null && "Delete".equals(retention.getWhenDeleted());
        for (PersistentVolumeClaim template : sts.getSpec().getVolumeClaimTemplates()) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (template.getMetadata().getLabels() != null) {
                labels.putAll(template.getMetadata().getLabels());
            }
            if (sts.getSpec().getSelector() != null && sts.getSpec().getSelector().getMatchLabels() != null) {
                labels.putAll(sts.getSpec().getSelector().getMatchLabels());
            }
            PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                        .withName(name(template.getMetadata().getName(), sts, ordinal))
                        .withNamespace(sts.getMetadata().getNamespace())
                        .withLabels(labels)
                        .withAnnotations(template.getMetadata().getAnnotations())
                    .endMetadata()
                    .withSpec(template.getSpec());
            if (owned) {
                claim.editMetadata().withOwnerReferences(OwnerReferences.controllerRef(sts)).endMetadata();
            }
            claims.add(claim.build());
        }
        return claims;
    }

    /** The pod's volumes: its template's, with one of each claim template's name replaced by the ordinal's claim. */
    static List<Volume> volumes(StatefulSet sts, PodSpec template, int ordinal) {
        List<Volume> volumes = new ArrayList<>();
        List<String> claimed = sts.getSpec().getVolumeClaimTemplates().stream().map(t -> t.getMetadata().getName())
                .toList();
        for (Volume v : template.getVolumes()) {
            if (!claimed.contains(v.getName())) {
                volumes.add(v);
            }
        }
        for (String name : claimed) {
            volumes.add(new VolumeBuilder().withName(name).withNewPersistentVolumeClaim()
                    .withClaimName(name(name, sts, ordinal)).endPersistentVolumeClaim().build());
        }
        return volumes;
    }
}
