package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.authz.BootstrapPolicy;

/**
 * Creates the default ClusterRoles and ClusterRoleBindings ({@link BootstrapPolicy}) that are missing at start.
 * Existing ones are left as they are: an edited default role keeps the edit (Kubernetes would reconcile roles
 * annotated {@code autoupdate: "true"} back to their defaults; here an operator deletes one to get it back at
 * the next start).
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
        BootstrapPolicy.clusterRoles().forEach(r -> createIfMissing(roles, r));
        ResourceType bindings = registry.find(RbacTypes.GROUP, "v1", "clusterrolebindings").orElseThrow();
        BootstrapPolicy.clusterRoleBindings().forEach(b -> createIfMissing(bindings, b));
    }

    private void createIfMissing(ResourceType type, ObjectNode object) {
        if (storage.get(type, null, ObjectMeta.name(object)).isPresent()) {
            return;
        }
        try {
            writes.create(type, null, object, false);
        } catch (ApiException e) {
            if (e.code != 409) { // another API server on the same store created it meanwhile
                throw e;
            }
        }
    }
}
