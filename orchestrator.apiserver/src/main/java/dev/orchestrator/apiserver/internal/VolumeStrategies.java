package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.VolumeValidation;
import java.util.ArrayList;
import java.util.List;

/**
 * PersistentVolumes, PersistentVolumeClaims and StorageClasses with Kubernetes' defaults; the default class every
 * cluster starts with is {@code local-path}: volumes in a directory of the node the claim's first pod runs on.
 */
final class VolumeStrategies {

    /** The provisioner of {@code local-path} (the persistent volume controller in orchestrator.controllers). */
    static final String LOCAL_PATH_PROVISIONER = "orchestrator.dev/local-path";
    static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
    /** Where on its node a local-path volume's directory is made, unless the class's {@code nodePath} says otherwise. */
    static final String LOCAL_PATH_ROOT = "/var/lib/orchestrator/local-path";

    private VolumeStrategies() {
    }

    static final ResourceStrategy VOLUME = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode pv) {
            defaults(pv);
            pv.putObject("status").put("phase", "Pending");
        }

        @Override
        public void prepareForUpdate(ObjectNode pv, ObjectNode old) {
            defaults(pv);
        }

        private void defaults(ObjectNode pv) {
            if (pv.get("spec") instanceof ObjectNode spec) {
                PodStrategy.putIfAbsent(spec, "persistentVolumeReclaimPolicy", "Retain");
                PodStrategy.putIfAbsent(spec, "volumeMode", "Filesystem");
            }
        }

        @Override
        public void validate(ObjectNode pv, List<ApiException.Cause> causes) {
            VolumeValidation.validateVolume(pv, Causes.into(causes));
        }
    };

    static final ResourceStrategy CLAIM = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode pvc) {
            PodStrategy.putIfAbsent(Json.objectField(pvc, "spec"), "volumeMode", "Filesystem");
            pvc.putObject("status").put("phase", "Pending");
        }

        @Override
        public void prepareForUpdate(ObjectNode pvc, ObjectNode old) {
            if (pvc.get("spec") instanceof ObjectNode spec) {
                PodStrategy.putIfAbsent(spec, "volumeMode", "Filesystem");
            }
        }

        @Override
        public void validate(ObjectNode pvc, List<ApiException.Cause> causes) {
            VolumeValidation.validateClaim(pvc, Causes.into(causes));
        }

        @Override
        public void validateUpdate(ObjectNode pvc, ObjectNode old, List<ApiException.Cause> causes) {
            VolumeValidation.validateClaimUpdate(pvc, old, Causes.into(causes));
        }
    };

    static final ResourceStrategy STORAGE_CLASS = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode sc) {
            PodStrategy.putIfAbsent(sc, "reclaimPolicy", "Delete");
            PodStrategy.putIfAbsent(sc, "volumeBindingMode", "Immediate");
        }

        @Override
        public void validate(ObjectNode sc, List<ApiException.Cause> causes) {
            VolumeValidation.validateStorageClass(sc, Causes.into(causes));
        }

        @Override
        public void validateUpdate(ObjectNode sc, ObjectNode old, List<ApiException.Cause> causes) {
            VolumeValidation.validateStorageClassUpdate(sc, old, Causes.into(causes));
        }
    };

    /** The class bootstrapped into every cluster. */
    static ObjectNode localPathClass() {
        ObjectNode sc = Json.object();
        ObjectNode meta = sc.putObject("metadata");
        meta.put("name", "local-path");
        meta.putObject("annotations").put(DEFAULT_CLASS_ANNOTATION, "true");
        sc.put("provisioner", LOCAL_PATH_PROVISIONER);
        sc.put("reclaimPolicy", "Delete");
        sc.put("volumeBindingMode", "WaitForFirstConsumer");
        sc.putObject("parameters").put("nodePath", LOCAL_PATH_ROOT);
        return sc;
    }

    /** kubectl's ACCESS MODES: RWO, ROX, RWX, RWOP. */
    static String accessModes(JsonNode modes) {
        List<String> short_ = new ArrayList<>();
        modes.forEach(m -> short_.add(switch (m.asText()) {
            case "ReadWriteOnce" -> "RWO";
            case "ReadOnlyMany" -> "ROX";
            case "ReadWriteMany" -> "RWX";
            case "ReadWriteOncePod" -> "RWOP";
            default -> m.asText();
        }));
        return String.join(",", short_);
    }

    /** A volume's or claim's STATUS as kubectl shows it: Terminating once it is being deleted, else its phase. */
    static String phaseShown(ObjectNode object) {
        return object.path("metadata").hasNonNull("deletionTimestamp") ? "Terminating"
                : object.path("status").path("phase").asText("");
    }

    static String claimOf(ObjectNode pv) {
        JsonNode ref = pv.path("spec").path("claimRef");
        return ref.isObject() ? ref.path("namespace").asText("") + "/" + ref.path("name").asText("") : "";
    }
}
