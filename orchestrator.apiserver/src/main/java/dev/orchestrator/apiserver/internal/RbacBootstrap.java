package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.authz.BootstrapPolicy;

/**
 * Keeps the default ClusterRoles and ClusterRoleBindings ({@link BootstrapPolicy}) at start, as Kubernetes reconciles
 * its own: a missing one is created; an existing one annotated {@code rbac.authorization.kubernetes.io/autoupdate}
 * other than {@code "false"} gets the rules (a role) or subjects (a binding) of the default that it lacks — what a
 * new version grants its components arrives with the upgrade — while what an operator added stays. Nothing is taken
 * away; an operator who wants a default role as edited sets the annotation to {@code "false"}. Aggregated roles'
 * rules are the aggregation controller's to keep.
 */
final class RbacBootstrap {

    private final ResourceRegistry registry;
    private final ObjectStorage storage;
    private final ObjectWrites writes;

    RbacBootstrap(ResourceRegistry registry, ObjectStorage storage, ObjectWrites writes) {
        this.registry = registry;
        this.storage = storage;
        this.writes = writes;
    }

    void ensureDefaults() {
        ResourceType roles = registry.find(RbacTypes.GROUP, "v1", "clusterroles").orElseThrow();
        BootstrapPolicy.clusterRoles().forEach(r -> ensure(roles, r, "rules"));
        ResourceType bindings = registry.find(RbacTypes.GROUP, "v1", "clusterrolebindings").orElseThrow();
        BootstrapPolicy.clusterRoleBindings().forEach(b -> ensure(bindings, b, "subjects"));
    }

    private void ensure(ResourceType type, ObjectNode wanted, String listField) {
        String name = ObjectMeta.name(wanted);
        ObjectNode existing = storage.get(type, null, name).orElse(null);
        if (existing == null) {
            try {
                writes.create(type, null, wanted, false);
            } catch (ApiException e) {
                if (e.code != 409) { // another API server on the same store created it meanwhile
                    throw e;
                }
            }
            return;
        }
        boolean autoupdate = !"false".equals(existing.path("metadata").path("annotations")
                .path(BootstrapPolicy.AUTOUPDATE).asText("true"));
        if (!autoupdate || existing.has("aggregationRule")
                || !existing.path("roleRef").equals(wanted.path("roleRef"))) {
            return;
        }
        ObjectNode updated = existing.deepCopy();
        ArrayNode list = updated.path(listField).isArray() ? (ArrayNode) updated.get(listField) : updated.putArray(listField);
        boolean changed = false;
        for (JsonNode entry : wanted.path(listField)) {
            if (!contains(list, entry)) {
                list.add(entry.deepCopy());
                changed = true;
            }
        }
        if (changed) {
            try {
                writes.update(type, null, name, null, updated, false);
            } catch (ApiException e) {
                if (e.code != 409) { // changed meanwhile (another API server reconciled it): its turn
                    throw e;
                }
            }
        }
    }

    private static boolean contains(ArrayNode list, JsonNode entry) {
        for (JsonNode present : list) {
            if (present.equals(entry)) {
                return true;
            }
        }
        return false;
    }
}
