package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code metadata} of every object, as Kubernetes' {@code ValidateObjectMeta}: name (format per
 * kind) or generateName, labels, annotations (keys and total size), finalizers, ownerReferences.
 */
public final class ObjectMetaValidation {

    /** The format a kind's names follow. */
    public enum NameFormat {
        /** Most kinds: a DNS-1123 subdomain, at most 253 characters. */
        DNS_SUBDOMAIN(NameFormats::dns1123Subdomain),
        /** Namespaces: a DNS-1123 label, at most 63 characters. */
        DNS_LABEL(NameFormats::dns1123Label),
        /** Services: a DNS-1035 label (starts with a letter), at most 63 characters. */
        DNS_1035_LABEL(NameFormats::dns1035Label),
        /** Kinds with free-form names (RBAC roles): one URL path segment. */
        PATH_SEGMENT(NameFormats::pathSegmentName);

        private final Function<String, List<String>> check;

        NameFormat(Function<String, List<String>> check) {
            this.check = check;
        }

        /** The problems of {@code name}; with {@code prefix} a trailing '-' (of a generateName) is fine. */
        public List<String> problems(String name, boolean prefix) {
            return check.apply(prefix ? NameFormats.maskTrailingDash(name) : name);
        }
    }

    /** The most bytes all annotation keys and values may take together. */
    public static final long ANNOTATIONS_MAX_BYTES = 256 * 1024;

    private static final FieldPath META = FieldPath.root("metadata");
    private static final Set<String> BANNED_OWNERS = Set.of("v1/Event");

    private ObjectMetaValidation() {
    }

    public static void validate(JsonNode meta, NameFormat format, FieldErrors errors) {
        String generateName = CommonFields.text(meta, "generateName");
        if (generateName != null && !generateName.isEmpty()) {
            for (String p : format.problems(generateName, true)) {
                errors.invalid(META.child("generateName"), generateName, p);
            }
        }
        String name = CommonFields.text(meta, "name");
        if (name == null || name.isEmpty()) {
            errors.required(META.child("name"), "name or generateName is required");
        } else {
            for (String p : format.problems(name, false)) {
                errors.invalid(META.child("name"), name, p);
            }
        }
        CommonFields.nonNegative(meta, "generation", META, errors);
        CommonFields.labels(meta.path("labels"), META.child("labels"), errors);
        annotations(meta.path("annotations"), errors);
        finalizers(meta.path("finalizers"), META.child("finalizers"), false, errors);
        ownerReferences(meta.path("ownerReferences"), errors);
    }

    private static void annotations(JsonNode annotations, FieldErrors errors) {
        FieldPath path = META.child("annotations");
        long bytes = 0;
        for (Map.Entry<String, JsonNode> e : CommonFields.entries(annotations)) {
            // Annotation keys are qualified names whose case does not matter.
            for (String p : NameFormats.qualifiedName(e.getKey().toLowerCase())) {
                errors.invalid(path, e.getKey(), p);
            }
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().asText("").getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > ANNOTATIONS_MAX_BYTES) {
            errors.tooLong(path, ANNOTATIONS_MAX_BYTES);
        }
    }

    /**
     * Finalizer names are qualified names. In {@code metadata.finalizers} Kubernetes only warns about
     * a name without a domain; in a namespace's {@code spec.finalizers} ({@code kubeNames}) it must be a
     * standard name or domain-qualified.
     */
    public static void finalizers(JsonNode finalizers, FieldPath path, boolean kubeNames, FieldErrors errors) {
        for (JsonNode f : CommonFields.items(finalizers)) {
            if (!f.isTextual()) {
                continue;
            }
            String name = f.asText();
            for (String p : NameFormats.qualifiedName(name)) {
                errors.invalid(path, name, p);
            }
            if (kubeNames && !name.contains("/") && !Set.of("kubernetes", "orphan", "foregroundDeletion").contains(name)) {
                errors.invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified");
            }
        }
    }

    private static void ownerReferences(JsonNode refs, FieldErrors errors) {
        FieldPath path = META.child("ownerReferences");
        String controller = null;
        for (JsonNode ref : CommonFields.items(refs)) {
            String apiVersion = CommonFields.textOrEmpty(ref, "apiVersion");
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            if (version.isEmpty()) {
                errors.invalid(path.child("apiVersion"), apiVersion, "version must not be empty");
            }
            for (String field : new String[] {"kind", "name", "uid"}) {
                if (CommonFields.textOrEmpty(ref, field).isEmpty()) {
                    errors.invalid(path.child(field), CommonFields.textOrEmpty(ref, field), "must not be empty");
                }
            }
            String kind = CommonFields.textOrEmpty(ref, "kind");
            if (BANNED_OWNERS.contains(apiVersion + "/" + kind)) {
                errors.invalid(path, ref, "/" + apiVersion + ", Kind=" + kind + " is disallowed from being an owner");
            }
            if (ref.path("controller").asBoolean(false)) {
                String current = kind + "/" + CommonFields.textOrEmpty(ref, "name");
                if (controller != null) {
                    errors.invalid(path, refs, "Only one reference can have Controller set to true. Found \"true\" in "
                            + "references for " + controller + " and " + current);
                } else {
                    controller = current;
                }
            }
        }
    }
}
