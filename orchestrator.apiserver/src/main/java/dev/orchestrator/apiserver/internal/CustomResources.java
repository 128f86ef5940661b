package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One consistent set of custom resources, made from the stored CRDs at one revision: the served versions by
 * path ({@code group/version/plural}), the storage versions that are stored but not served (for their
 * converted versions), and the OpenAPI schemas and document hashes by group-version.
 */
record CustomResources(Map<String, ResourceType> served, Map<String, ResourceType> storedForms,
                       Map<String, ObjectNode> schemas, Map<String, String> hashes) {

    static final CustomResources NONE = new CustomResources(Map.of(), Map.of(), Map.of(), Map.of());
}
