package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.jsonpath.PrinterPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ResourceType}s a stored CustomResourceDefinition serves: one per served version, the storage
 * version stored as it is and the others served through {@link ApiVersionConversion} (conversion
 * {@code None}: only apiVersion changes). The preferred version comes first; the storage version is
 * built even when not served, as the stored form of the others; {@link #served} says which to advertise.
 */
final class CustomResourceTypes {

    private CustomResourceTypes() {
    }

    /** One resource type per version of {@code crd} that is served or is the storage version. */
    static List<ResourceType> of(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        String group = spec.path("group").asText();
        String storage = CrdStrategy.storageVersion(crd);
        boolean terminating = crd.path("metadata").has("deletionTimestamp");
        List<ResourceType> types = new ArrayList<>();
        for (JsonNode version : spec.path("versions")) {
            String name = version.path("name").asText();
            boolean isStorage = name.equals(storage);
            if (!isStorage && !version.path("served").asBoolean(false)) {
                continue;
            }
            Set<String> subresources = new LinkedHashSet<>();
            if (version.path("subresources").path("status").isObject()) {
                subresources.add("status");
            }
            JsonNode scale = version.path("subresources").path("scale");
            if (scale.isObject()) {
                subresources.add("scale");
            }
            CustomResourceStrategy strategy = new CustomResourceStrategy(crd.path("metadata").path("name").asText(),
                    version.path("schema").path("openAPIV3Schema"),
                    scale.isObject() ? ScalePaths.ofCrd(scale) : null, terminating);
            ResourceType type = new ResourceType(group, name, names.path("plural").asText(),
                    names.path("singular").asText(names.path("kind").asText().toLowerCase()), names.path("kind").asText(),
                    "Namespaced".equals(spec.path("scope").asText()), strings(names.path("shortNames")),
                    strings(names.path("categories")), subresources, strategy, columns(version), ResourceType.VERBS,
                    isStorage ? Optional.empty() : Optional.of(new ApiVersionConversion(group, name, storage)));
            types.add(type);
        }
        types.sort(Comparator.comparing(ResourceType::version, CustomResourceTypes::byPriority));
        return types;
    }

    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    /**
     * Kubernetes' order of versions, the preferred first: GA before beta before alpha, higher numbers first,
     * then versions not of that form by name (v2, v1, v1beta2, v1beta1, v1alpha1, foo).
     */
    static int byPriority(String a, String b) {
        Matcher ma = KUBE_VERSION.matcher(a);
        Matcher mb = KUBE_VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
            return ka ? -1 : kb ? 1 : a.compareTo(b);
        }
        int stage = Integer.compare(stage(mb.group(2)), stage(ma.group(2)));
        if (stage != 0) {
            return stage;
        }
        int major = Long.compare(Long.parseLong(mb.group(1)), Long.parseLong(ma.group(1)));
        if (major != 0 || ma.group(3) == null) {
            return major;
        }
        return Long.compare(Long.parseLong(mb.group(3)), Long.parseLong(ma.group(3)));
    }

    private static int stage(String s) {
        return s == null ? 2 : s.equals("beta") ? 1 : 0;
    }

    /** Whether discovery and requests see this version (the storage version may be stored but not served). */
    static boolean served(JsonNode crd, String version) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals(version)) {
                return v.path("served").asBoolean(false);
            }
        }
        return false;
    }

    /**
     * NAME, then the version's additionalPrinterColumns (priority above 0: {@code -o wide} only); without
     * any, AGE from the creation timestamp, as Kubernetes defaults them.
     */
    static TableColumns columns(JsonNode version) {
        JsonNode declared = version.path("additionalPrinterColumns");
        if (declared.isEmpty()) {
            return TableColumns.named().build();
        }
        List<TableColumns.Column> columns = new ArrayList<>();
        columns.add(new TableColumns.Column("Name", "string", "name", "Name must be unique within a namespace.", 0,
                o -> Json.text(o.path("metadata"), "name")));
        for (JsonNode c : declared) {
            String type = c.path("type").asText("string");
            PrinterPath path = PrinterPath.parse(c.path("jsonPath").asText());
            columns.add(new TableColumns.Column(c.path("name").asText(), type, c.path("format").asText(""),
                    c.path("description").asText(""), c.path("priority").asInt(0), o -> cell(path.find(o), type)));
        }
        return TableColumns.of(columns);
    }

    /** A cell as Kubernetes renders it: dates as ages, several values joined with commas, none as null. */
    private static Object cell(List<JsonNode> values, String type) {
        if (values.isEmpty()) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance(); // as Kubernetes sends it
        }
        if (values.size() == 1) {
            JsonNode v = values.get(0);
            if ("date".equals(type) && v.isTextual()) {
                return Ages.since(v.asText());
            }
            if ("integer".equals(type) && v.isIntegralNumber()) {
                return v.asLong();
            }
            return v.isValueNode() ? v.asText() : v.toString();
        }
        List<String> parts = new ArrayList<>();
        values.forEach(v -> parts.add(v.isValueNode() ? v.asText() : v.toString()));
        return String.join(",", parts);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }

    /** Conversion {@code None}: the object itself in another version, only its apiVersion changed. */
    record ApiVersionConversion(String group, String version, String storedVersion) implements VersionConverter {

        @Override
        public ObjectNode toStored(ObjectNode served) {
            return withVersion(served, storedVersion);
        }

        @Override
        public ObjectNode toServed(ObjectNode stored) {
            return withVersion(stored, version);
        }

        private ObjectNode withVersion(ObjectNode object, String v) {
            ObjectNode copy = object.deepCopy();
            copy.put("apiVersion", group + "/" + v);
            return copy;
        }
    }
}
