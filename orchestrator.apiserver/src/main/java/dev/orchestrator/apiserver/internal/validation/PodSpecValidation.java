package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pod spec, of a pod or of the pod template of a workload (the caller gives the path prefix,
 * {@code spec} or {@code spec.template.spec}): Kubernetes' {@code ValidatePodSpec} for the fields
 * this server serves.
 */
public final class PodSpecValidation {

    public static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    private static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
            "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
            "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO",
            "storageos", "csi", "ephemeral", "image");

    private PodSpecValidation() {
    }

    public static void validate(JsonNode spec, FieldPath path, FieldErrors errors) {
        Set<String> volumes = volumes(spec.path("volumes"), path.child("volumes"), errors);
        boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
        Set<String> names = new HashSet<>();
        containers(spec.path("initContainers"), path.child("initContainers"), true, hostNetwork, volumes, names, errors);
        JsonNode containers = spec.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            if (!containers.isValueNode() || containers.isNull()) {
                errors.required(path.child("containers"), "");
            }
        } else {
            containers(containers, path.child("containers"), false, hostNetwork, volumes, names, errors);
        }
        ephemeralContainers(spec.path("ephemeralContainers"), path.child("ephemeralContainers"), hostNetwork, volumes,
                names, errors);
        CommonFields.oneOf(spec, "restartPolicy", true, RESTART_POLICIES, path, errors);
        CommonFields.oneOf(spec, "dnsPolicy", true, DNS_POLICIES, path, errors);
        PodDnsValidation.validate(spec, path, errors);
        CommonFields.inRange(spec, "activeDeadlineSeconds", 1, Integer.MAX_VALUE, path, errors);
        CommonFields.name(spec, "nodeName", false, NameFormats::dns1123Subdomain, path, errors);
        CommonFields.name(spec, "serviceAccountName", false, NameFormats::dns1123Subdomain, path, errors);
        CommonFields.name(spec, "runtimeClassName", false, NameFormats::dns1123Subdomain, path, errors);
        CommonFields.name(spec, "hostname", false, NameFormats::dns1123Label, path, errors);
        CommonFields.name(spec, "subdomain", false, NameFormats::dns1123Label, path, errors);
        CommonFields.labels(spec.path("nodeSelector"), path.child("nodeSelector"), errors);
        tolerations(spec.path("tolerations"), path.child("tolerations"), errors);
    }

    private static void containers(JsonNode list, FieldPath path, boolean init, boolean hostNetwork, Set<String> volumes,
                                   Set<String> names, FieldErrors errors) {
        int i = 0;
        for (JsonNode c : CommonFields.items(list)) {
            FieldPath at = path.index(i++);
            ContainerValidation.validate(c, at, init, hostNetwork, volumes, errors);
            String name = CommonFields.text(c, "name");
            if (name != null && !name.isEmpty() && !names.add(name)) {
                errors.duplicate(at.child("name"), name);
            }
        }
    }

    /** What an ephemeral container may not have, as Kubernetes: it is a debugging aid, not part of the pod's service. */
    private static final List<String> NOT_FOR_EPHEMERAL = List.of("ports", "livenessProbe", "readinessProbe",
            "startupProbe", "lifecycle", "resizePolicy", "restartPolicy");

    /**
     * Ephemeral containers (added through pods/ephemeralcontainers): containers in all else, names unique among all of
     * the pod's containers, without ports, probes, lifecycle hooks or resources, a target among the pod's containers.
     */
    private static void ephemeralContainers(JsonNode list, FieldPath path, boolean hostNetwork, Set<String> volumes,
                                            Set<String> podContainers, FieldErrors errors) {
        containers(list, path, false, hostNetwork, volumes, new HashSet<>(podContainers), errors);
        int i = 0;
        for (JsonNode c : CommonFields.items(list)) {
            FieldPath at = path.index(i++);
            for (String field : NOT_FOR_EPHEMERAL) {
                JsonNode value = c.path(field);
                if (CommonFields.has(c, field) && !(value.isContainerNode() && value.isEmpty())) {
                    errors.forbidden(at.child(field), "cannot be set for an Ephemeral Container");
                }
            }
            if (c.path("resources").path("limits").size() > 0 || c.path("resources").path("requests").size() > 0) {
                errors.forbidden(at.child("resources"), "cannot be set for an Ephemeral Container");
            }
            String target = CommonFields.text(c, "targetContainerName");
            if (target != null && !target.isEmpty() && !podContainers.contains(target)) {
                errors.notFound(at.child("targetContainerName"), target);
            }
        }
    }

    /** Names unique DNS-1123 labels, exactly one source each; returns the names. */
    private static Set<String> volumes(JsonNode volumes, FieldPath path, FieldErrors errors) {
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode v : CommonFields.items(volumes)) {
            FieldPath at = path.index(i++);
            CommonFields.name(v, "name", true, NameFormats::dns1123Label, at, errors);
            String name = CommonFields.text(v, "name");
            if (name != null && !name.isEmpty() && !names.add(name)) {
                errors.duplicate(at.child("name"), name);
            }
            List<String> sources = VOLUME_SOURCES.stream().filter(s -> CommonFields.has(v, s)).toList();
            if (sources.isEmpty()) {
                errors.required(at, "must specify a volume type");
            } else if (sources.size() > 1) {
                errors.forbidden(at.child(sources.get(1)), "may not specify more than 1 volume type");
            } else {
                volumeSource(v, sources.get(0), at.child(sources.get(0)), errors);
            }
        }
        return names;
    }

    private static void volumeSource(JsonNode volume, String source, FieldPath path, FieldErrors errors) {
        JsonNode s = volume.path(source);
        switch (source) {
            case "hostPath" -> CommonFields.name(s, "path", true, p -> List.of(), path, errors);
            case "secret" -> CommonFields.name(s, "secretName", true, NameFormats::dns1123Subdomain, path, errors);
            case "configMap" -> CommonFields.name(s, "name", true, NameFormats::dns1123Subdomain, path, errors);
            case "persistentVolumeClaim" -> CommonFields.name(s, "claimName", true, p -> List.of(), path, errors);
            case "emptyDir" -> {
                if (CommonFields.has(s, "sizeLimit")) {
                    CommonFields.quantity(s.path("sizeLimit"), path.child("sizeLimit"), errors);
                }
                CommonFields.oneOf(s, "medium", false, List.of("", "Memory", "HugePages"), path, errors);
            }
            default -> {
            }
        }
    }

    /** Tolerations: key a qualified name, operator Exists or Equal, effect one of the taint effects. */
    static void tolerations(JsonNode tolerations, FieldPath path, FieldErrors errors) {
        int i = 0;
        for (JsonNode t : CommonFields.items(tolerations)) {
            FieldPath at = path.index(i++);
            String key = CommonFields.textOrEmpty(t, "key");
            String operator = CommonFields.textOrEmpty(t, "operator");
            String value = CommonFields.textOrEmpty(t, "value");
            String effect = CommonFields.textOrEmpty(t, "effect");
            if (!key.isEmpty()) {
                NameFormats.qualifiedName(key).forEach(p -> errors.invalid(at.child("key"), key, p));
            } else if (!operator.equals("Exists")) {
                errors.invalid(at.child("operator"), operator, "operator must be Exists when `key` is empty, which "
                        + "means \"match all values and all keys\"");
            }
            if (CommonFields.has(t, "tolerationSeconds") && !effect.equals("NoExecute")) {
                errors.invalid(at.child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
            }
            switch (operator) {
                case "", "Equal" -> {
                    List<String> problems = NameFormats.labelValue(value);
                    if (!problems.isEmpty()) {
                        errors.invalid(at.child("operator"), value, String.join(";", problems));
                    }
                }
                case "Exists" -> {
                    if (!value.isEmpty()) {
                        errors.invalid(at.child("operator"), t, "value must be empty when `operator` is 'Exists'");
                    }
                }
                default -> errors.notSupported(at.child("operator"), t.path("operator"), List.of("Equal", "Exists"));
            }
            if (!effect.isEmpty()) {
                taintEffect(t, at, errors);
            }
        }
    }

    /** A taint effect: NoSchedule, PreferNoSchedule or NoExecute. */
    static void taintEffect(JsonNode parent, FieldPath path, FieldErrors errors) {
        CommonFields.oneOf(parent, "effect", true, TAINT_EFFECTS, path, errors);
    }
}
