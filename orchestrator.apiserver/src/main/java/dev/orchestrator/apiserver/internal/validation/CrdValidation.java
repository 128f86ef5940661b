package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orchestrator.apiserver.internal.jsonpath.PrinterPath;
import dev.orchestrator.apiserver.internal.schema.StructuralSchema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of a CustomResourceDefinition ({@code apiextensions.k8s.io/v1}), worded as Kubernetes words
 * them: its name is {@code <plural>.<group>}, its names are DNS-1035 labels, one storage version, each
 * version with a structural schema, conversion {@code None} (this server runs no conversion webhooks).
 * Runs after the defaults (listKind, singular, conversion strategy) were set.
 */
public final class CrdValidation {

    private static final List<String> SCOPES = List.of("Cluster", "Namespaced");
    private static final List<String> COLUMN_TYPES = List.of("boolean", "date", "integer", "number", "string");

    private static final String APPROVAL = "api-approved.kubernetes.io";

    private CrdValidation() {
    }

    private static boolean protectedGroup(String group) {
        return group.equals("k8s.io") || group.endsWith(".k8s.io") || group.equals("kubernetes.io")
                || group.endsWith(".kubernetes.io");
    }

    public static void validate(JsonNode crd, FieldErrors errors) {
        JsonNode spec = crd.path("spec");
        FieldPath specPath = FieldPath.root("spec");
        String group = CommonFields.textOrEmpty(spec, "group");
        String plural = CommonFields.textOrEmpty(spec.path("names"), "plural");
        String name = CommonFields.textOrEmpty(crd.path("metadata"), "name");
        if (!name.equals(plural + "." + group)) {
            errors.invalid(FieldPath.root("metadata").child("name"), name, "must be spec.names.plural+\".\"+spec.group");
        }
        if (group.isEmpty()) {
            errors.required(specPath.child("group"), "");
        } else {
            NameFormats.dns1123Subdomain(group).forEach(p -> errors.invalid(specPath.child("group"), group, p));
            if (!group.contains(".")) {
                errors.invalid(specPath.child("group"), group, "should be a domain with at least one dot");
            }
            if (protectedGroup(group) && CommonFields.textOrEmpty(crd.path("metadata").path("annotations"),
                    APPROVAL).isEmpty()) {
                // the groups of Kubernetes' own APIs, where this server's built-ins live
                errors.required(FieldPath.root("metadata").child("annotations").key(APPROVAL),
                        "protected groups must have approval annotation \"" + APPROVAL + "\"");
            }
        }
        names(spec.path("names"), specPath.child("names"), errors);
        String scope = CommonFields.textOrEmpty(spec, "scope");
        if (scope.isEmpty()) {
            errors.required(specPath.child("scope"), "");
        } else if (!SCOPES.contains(scope)) {
            errors.notSupported(specPath.child("scope"), TextNode.valueOf(scope), SCOPES);
        }
        versions(spec.path("versions"), specPath.child("versions"), errors);
        String strategy = CommonFields.textOrEmpty(spec.path("conversion"), "strategy");
        if (!strategy.isEmpty() && !"None".equals(strategy)) {
            // Kubernetes also takes "Webhook"; this server calls no conversion webhooks, so it refuses them
            errors.notSupported(specPath.child("conversion", "strategy"), TextNode.valueOf(strategy), List.of("None"));
        }
    }

    /** What an update may not change: the group, the scope, the plural; and no stored version may go. */
    public static void validateUpdate(JsonNode crd, JsonNode old, FieldErrors errors) {
        FieldPath spec = FieldPath.root("spec");
        for (String field : List.of("group", "scope")) {
            if (!crd.path("spec").path(field).equals(old.path("spec").path(field))) {
                errors.immutable(spec.child(field), crd.path("spec").path(field));
            }
        }
        Set<String> versions = new HashSet<>();
        crd.path("spec").path("versions").forEach(v -> versions.add(v.path("name").asText()));
        JsonNode stored = old.path("status").path("storedVersions");
        for (int i = 0; i < stored.size(); i++) {
            if (!versions.contains(stored.get(i).asText())) {
                errors.invalid(FieldPath.root("status").child("storedVersions").index(i), stored.get(i),
                        "must appear in spec.versions");
            }
        }
    }

    private static void names(JsonNode names, FieldPath path, FieldErrors errors) {
        label(names, "plural", path, true, errors);
        label(names, "singular", path, false, errors);
        String kind = CommonFields.textOrEmpty(names, "kind");
        if (kind.isEmpty()) {
            errors.required(path.child("kind"), "");
        } else {
            NameFormats.dns1035Label(kind.toLowerCase()).forEach(p -> errors.invalid(path.child("kind"), kind,
                    "may have mixed case, but should otherwise match: " + p));
        }
        String listKind = CommonFields.textOrEmpty(names, "listKind");
        if (listKind.isEmpty()) {
            errors.required(path.child("listKind"), "");
        } else {
            NameFormats.dns1035Label(listKind.toLowerCase()).forEach(p -> errors.invalid(path.child("listKind"), listKind,
                    "may have mixed case, but should otherwise match: " + p));
            if (listKind.equals(kind)) {
                errors.invalid(path.child("listKind"), listKind, "kind and listKind may not be the same");
            }
        }
        JsonNode shortNames = names.path("shortNames");
        for (int i = 0; i < shortNames.size(); i++) {
            String s = shortNames.get(i).asText();
            FieldPath at = path.child("shortNames").index(i);
            NameFormats.dns1035Label(s).forEach(p -> errors.invalid(at, s, p));
        }
        JsonNode categories = names.path("categories");
        for (int i = 0; i < categories.size(); i++) {
            String c = categories.get(i).asText();
            FieldPath at = path.child("categories").index(i);
            NameFormats.dns1035Label(c).forEach(p -> errors.invalid(at, c, p));
        }
    }

    private static void label(JsonNode names, String field, FieldPath path, boolean required, FieldErrors errors) {
        String value = CommonFields.textOrEmpty(names, field);
        if (value.isEmpty()) {
            if (required) {
                errors.required(path.child(field), "");
            }
            return;
        }
        NameFormats.dns1035Label(value).forEach(p -> errors.invalid(path.child(field), value, p));
    }

    private static void versions(JsonNode versions, FieldPath path, FieldErrors errors) {
        if (!versions.isArray() || versions.isEmpty()) {
            errors.invalid(path, versions.isMissingNode() ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
                    : versions, "must have exactly one version marked as storage version");
            return;
        }
        int storage = 0;
        boolean served = false;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < versions.size(); i++) {
            JsonNode v = versions.get(i);
            FieldPath at = path.index(i);
            String name = CommonFields.textOrEmpty(v, "name");
            if (name.isEmpty()) {
                errors.required(at.child("name"), "");
            } else {
                NameFormats.dns1035Label(name).forEach(p -> errors.invalid(at.child("name"), name, p));
                if (!seen.add(name)) {
                    errors.duplicate(at.child("name"), name);
                }
            }
            if (v.path("storage").asBoolean(false)) {
                storage++;
            }
            served |= v.path("served").asBoolean(false);
            JsonNode schema = v.path("schema").path("openAPIV3Schema");
            if (!schema.isObject()) {
                errors.required(at.child("schema", "openAPIV3Schema"), "schemas are required");
            } else {
                StructuralSchema.check(schema, at.child("schema", "openAPIV3Schema"), errors);
            }
            subresources(v.path("subresources"), at.child("subresources"), errors);
            columns(v.path("additionalPrinterColumns"), at.child("additionalPrinterColumns"), errors);
        }
        if (storage != 1) {
            errors.invalid(path, versions, "must have exactly one version marked as storage version");
        }
        if (!served) {
            errors.invalid(path, versions, "must have at least one served version");
        }
    }

    private static void subresources(JsonNode subresources, FieldPath path, FieldErrors errors) {
        JsonNode scale = subresources.path("scale");
        if (!scale.isObject()) {
            return;
        }
        FieldPath at = path.child("scale");
        replicasPath(scale, "specReplicasPath", ".spec.", at, true, errors);
        replicasPath(scale, "statusReplicasPath", ".status.", at, true, errors);
        String selector = CommonFields.textOrEmpty(scale, "labelSelectorPath");
        if (!selector.isEmpty() && !selector.startsWith(".spec.") && !selector.startsWith(".status.")) {
            errors.invalid(at.child("labelSelectorPath"), selector, "should be a json path under either .spec or .status");
        }
    }

    private static void replicasPath(JsonNode scale, String field, String under, FieldPath at, boolean required,
                                     FieldErrors errors) {
        String value = CommonFields.textOrEmpty(scale, field);
        if (value.isEmpty()) {
            if (required) {
                errors.required(at.child(field), "");
            }
        } else if (!value.startsWith(under) || value.contains("[")) {
            errors.invalid(at.child(field), value, "should be a json path under " + under.substring(0, under.length() - 1));
        }
    }

    private static void columns(JsonNode columns, FieldPath path, FieldErrors errors) {
        for (int i = 0; i < columns.size(); i++) {
            JsonNode c = columns.get(i);
            FieldPath at = path.index(i);
            if (CommonFields.textOrEmpty(c, "name").isEmpty()) {
                errors.required(at.child("name"), "");
            }
            String type = CommonFields.textOrEmpty(c, "type");
            if (type.isEmpty()) {
                errors.required(at.child("type"), "");
            } else if (!COLUMN_TYPES.contains(type)) {
                errors.notSupported(at.child("type"), TextNode.valueOf(type), COLUMN_TYPES);
            }
            String jsonPath = CommonFields.textOrEmpty(c, "jsonPath");
            if (jsonPath.isEmpty()) {
                errors.required(at.child("jsonPath"), "");
            } else if (!PrinterPath.valid(jsonPath)) {
                errors.invalid(at.child("jsonPath"), jsonPath, "must be a simple json path");
            }
        }
    }
}
