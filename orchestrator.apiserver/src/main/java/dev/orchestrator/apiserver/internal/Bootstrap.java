package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The objects every cluster has: the system namespaces, the {@code kubernetes} service, the {@code local-path} storage
 * class, the system priority classes.
 */
final class Bootstrap {

    private final ResourceRegistry registry;
    private final ObjectStorage storage;
    private final ObjectWrites writes;
    private final Allocations allocations;

    Bootstrap(ResourceRegistry registry, ObjectStorage storage, ObjectWrites writes, Allocations allocations) {
        this.registry = registry;
        this.storage = storage;
        this.writes = writes;
        this.allocations = allocations;
    }

    /** Creates what is missing; existing objects are left as they are. */
    void ensureDefaults() {
        ResourceType namespaces = registry.find("", "v1", "namespaces").orElseThrow();
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            if (storage.get(namespaces, null, ns).isEmpty()) {
                ObjectNode namespace = Json.object();
                namespace.putObject("metadata").put("name", ns);
                createIgnoringRace(namespaces, null, namespace);
            }
        }
        ResourceType services = registry.find("", "v1", "services").orElseThrow();
        if (storage.get(services, "default", "kubernetes").isEmpty()) {
            ObjectNode service = Json.object();
            ObjectNode meta = service.putObject("metadata");
            meta.put("name", "kubernetes");
            meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
            ObjectNode spec = service.putObject("spec");
            spec.put("type", "ClusterIP");
            spec.put("clusterIP", allocations.firstAddress());
            ObjectNode port = spec.putArray("ports").addObject();
            port.put("name", "https");
            port.put("port", 443);
            port.put("protocol", "TCP");
            port.put("targetPort", 6443);
            createIgnoringRace(services, "default", service);
        }
        ResourceType storageClasses = registry.find("storage.k8s.io", "v1", "storageclasses").orElseThrow();
        if (storage.get(storageClasses, null, "local-path").isEmpty()) {
            createIgnoringRace(storageClasses, null, VolumeStrategies.localPathClass());
        }
        ResourceType priorityClasses = registry.find("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow();
        for (String name : PriorityClasses.SYSTEM.keySet()) {
            if (storage.get(priorityClasses, null, name).isEmpty()) {
                createIgnoringRace(priorityClasses, null, PriorityClasses.system(name));
            }
        }
    }

    private void createIgnoringRace(ResourceType type, String namespace, ObjectNode object) {
        try {
            writes.create(type, namespace, object, false);
        } catch (ApiException e) {
            if (e.code != 409) {
                throw e;
            }
        }
    }
}
