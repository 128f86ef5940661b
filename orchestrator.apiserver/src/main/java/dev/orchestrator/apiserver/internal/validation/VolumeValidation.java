package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/** PersistentVolumes, PersistentVolumeClaims (also a StatefulSet's claim templates) and StorageClasses. */
public final class VolumeValidation {

    private static final FieldPath SPEC = FieldPath.root("spec");
    static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    private static final List<String> RECLAIM = List.of("Delete", "Recycle", "Retain");
    private static final List<String> BINDING = List.of("Immediate", "WaitForFirstConsumer");
    /** The volume sources a kubelet here can mount for a PersistentVolume. */
    private static final List<String> SOURCES = List.of("hostPath", "local");

    private VolumeValidation() {
    }

    public static void validateVolume(JsonNode pv, FieldErrors errors) {
        JsonNode spec = pv.path("spec");
        accessModes(spec, SPEC, errors);
        storage(spec.path("capacity"), SPEC.child("capacity"), errors);
        CommonFields.oneOf(spec, "persistentVolumeReclaimPolicy", false, RECLAIM, SPEC, errors);
        List<String> sources = SOURCES.stream().filter(s -> CommonFields.has(spec, s)).toList();
        if (sources.isEmpty()) {
            errors.required(SPEC, "must specify a volume type (this cluster's nodes mount hostPath and local volumes)");
        } else if (sources.size() > 1) {
            errors.forbidden(SPEC.child(sources.get(1)), "may not specify more than 1 volume type");
        }
        for (String source : SOURCES) {
            if (CommonFields.has(spec, source)) {
                String path = CommonFields.textOrEmpty(spec.path(source), "path");
                if (!path.startsWith("/")) {
                    errors.invalid(SPEC.child(source, "path"), path, "must be an absolute path");
                }
            }
        }
        if (CommonFields.has(spec, "local") && !CommonFields.has(spec, "nodeAffinity")) {
            errors.required(SPEC.child("nodeAffinity"), "Local volumes require node affinity");
        }
    }

    public static void validateClaim(JsonNode pvc, FieldErrors errors) {
        claimSpec(pvc.path("spec"), SPEC, errors);
    }

    /** A claim's spec (also of a StatefulSet's claim template at {@code path}). */
    public static void claimSpec(JsonNode spec, FieldPath path, FieldErrors errors) {
        accessModes(spec, path, errors);
        storage(spec.path("resources").path("requests"), path.child("resources", "requests"), errors);
        CommonFields.name(spec, "storageClassName", false, NameFormats::dns1123Subdomain, path, errors);
    }

    /**
     * After creation a claim's spec changes only in what Kubernetes lets change: its storage request (grown) and the
     * volume it is bound to, set once.
     */
    public static void validateClaimUpdate(JsonNode updated, JsonNode old, FieldErrors errors) {
        JsonNode now = updated.path("spec").deepCopy();
        JsonNode before = old.path("spec").deepCopy();
        if (now instanceof com.fasterxml.jackson.databind.node.ObjectNode n
                && before instanceof com.fasterxml.jackson.databind.node.ObjectNode b) {
            n.remove("resources");
            b.remove("resources");
            if (b.path("volumeName").asText("").isEmpty()) {
                n.remove("volumeName");
                b.remove("volumeName");
            }
        }
        if (!now.equals(before)) {
            errors.forbidden(SPEC, "spec is immutable after creation except resources.requests and "
                    + "volumeAttributesClassName for bound claims");
        }
    }

    public static void validateStorageClass(JsonNode sc, FieldErrors errors) {
        CommonFields.name(sc, "provisioner", true, NameFormats::qualifiedName, FieldPath.root(""), errors);
        CommonFields.oneOf(sc, "reclaimPolicy", false, List.of("Delete", "Retain"), FieldPath.root(""), errors);
        CommonFields.oneOf(sc, "volumeBindingMode", false, BINDING, FieldPath.root(""), errors);
    }

    /** Kubernetes keeps a class's provisioner, parameters, reclaim policy and binding mode as created. */
    public static void validateStorageClassUpdate(JsonNode updated, JsonNode old, FieldErrors errors) {
        for (String field : List.of("provisioner", "parameters", "reclaimPolicy", "volumeBindingMode")) {
            CommonFields.immutable(updated, old, field, FieldPath.root(""), errors);
        }
    }

    private static void accessModes(JsonNode spec, FieldPath path, FieldErrors errors) {
        JsonNode modes = spec.path("accessModes");
        if (modes.size() == 0) {
            errors.required(path.child("accessModes"), "at least 1 access mode is required");
            return;
        }
        int i = 0;
        for (JsonNode mode : modes) {
            if (!ACCESS_MODES.contains(mode.asText())) {
                errors.notSupported(path.child("accessModes").index(i), mode, ACCESS_MODES);
            }
            i++;
        }
    }

    private static void storage(JsonNode resources, FieldPath path, FieldErrors errors) {
        JsonNode storage = resources.path("storage");
        if (storage.isMissingNode() || storage.isNull()) {
            errors.required(path.key("storage"), "");
            return;
        }
        BigDecimal value = CommonFields.quantity(storage, path.key("storage"), errors);
        if (value != null && value.signum() <= 0) {
            errors.invalid(path.key("storage"), storage.asText(), "must be greater than zero");
        }
    }
}
