package dev.orchestrator.apiserver.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.ObjectLookup;
import dev.orchestrator.api.admission.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the plugin tests share: requests, JSON written with single quotes, and a context over objects in memory. */
final class Plugins {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Plugins() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AdmissionRequest create(String group, String resource, String kind, String namespace, String name) {
        return new AdmissionRequest(Operation.CREATE, group, "v1", resource, "", kind, namespace, name, "alice",
                List.of("system:authenticated"), false, Optional.empty());
    }

    static AdmissionRequest createPod(String namespace, String name) {
        return create("", "pods", "Pod", namespace, name);
    }

    /** A context whose lookup reads the objects put in it, keyed by group/resource. */
    static final class MemoryContext implements AdmissionContext, ObjectLookup {
        final Map<String, List<ObjectNode>> objects = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
        final Map<String, String> audit = new LinkedHashMap<>();

        MemoryContext put(String group, String resource, ObjectNode object) {
            objects.computeIfAbsent(group + "/" + resource, k -> new ArrayList<>()).add(object);
            return this;
        }

        @Override
        public ObjectLookup lookup() {
            return this;
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }

        @Override
        public void annotateAudit(String key, String value) {
            audit.put(key, value);
        }

        @Override
        public Optional<ObjectNode> get(String group, String resource, String namespace, String name) {
            return list(group, resource, namespace).stream()
                    .filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst();
        }

        @Override
        public List<ObjectNode> list(String group, String resource, String namespace) {
            return objects.getOrDefault(group + "/" + resource, List.of()).stream()
                    .filter(o -> namespace.isEmpty() || namespace.equals(text(o.path("metadata").path("namespace"))))
                    .map(ObjectNode::deepCopy).toList();
        }

        private static String text(JsonNode node) {
            return node.asText("");
        }
    }
}
