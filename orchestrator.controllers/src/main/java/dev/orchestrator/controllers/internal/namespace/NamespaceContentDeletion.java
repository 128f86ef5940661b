package dev.orchestrator.controllers.internal.namespace;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One round of deleting a namespace's content: every namespaced resource the API server serves
 * and can delete (found by discovery, in each group's preferred version, so custom and future
 * resources are included), listed in the namespace; objects not yet being deleted are deleted with
 * their own grace period and background propagation, as Kubernetes does (pods stop gracefully; the
 * garbage collector and other controllers finish what finalizers hold). The caller repeats rounds
 * until nothing is left.
 */
final class NamespaceContentDeletion {

    private final KubernetesClient client;

    NamespaceContentDeletion(KubernetesClient client) {
        this.client = client;
    }

    NamespaceContent deleteRound(String namespace) {
        List<String> discoveryFailures = new ArrayList<>();
        List<ResourceDefinitionContext> resources = discover(discoveryFailures);
        Map<String, Integer> remaining = new HashMap<>();
        Map<String, Integer> finalizers = new HashMap<>();
        List<String> deletionFailures = new ArrayList<>();
        for (ResourceDefinitionContext resource : resources) {
            String name = resource.getPlural() + "." + resource.getGroup();
            try {
                List<GenericKubernetesResource> items = client.genericKubernetesResources(resource).inNamespace(namespace)
                        .list().getItems();
                for (GenericKubernetesResource item : items) {
                    remaining.merge(name, 1, Integer::sum);
                    if (item.getMetadata().getDeletionTimestamp() != null) {
                        item.getMetadata().getFinalizers().forEach(f -> finalizers.merge(f, 1, Integer::sum));
                    } else {
                        delete(resource, namespace, item);
                    }
                }
            } catch (KubernetesClientException e) {
                deletionFailures.add(name + ": " + message(e));
            }
        }
        return new NamespaceContent(remaining, finalizers, discoveryFailures, deletionFailures);
    }

    private void delete(ResourceDefinitionContext resource, String namespace, GenericKubernetesResource item) {
        try {
            client.genericKubernetesResources(resource).inNamespace(namespace).withName(item.getMetadata().getName())
                    .delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The namespaced resources that can be listed and deleted, core first, then each group's preferred version. */
    private List<ResourceDefinitionContext> discover(List<String> failures) {
        List<ResourceDefinitionContext> found = new ArrayList<>();
        addResources("", "v1", found, failures);
        try {
            for (APIGroup group : client.getApiGroups().getGroups()) {
                String version = group.getPreferredVersion() != null ? group.getPreferredVersion().getVersion()
                        : group.getVersions().isEmpty() ? null : group.getVersions().get(0).getVersion();
                if (version != null) {
                    addResources(group.getName(), version, found, failures);
                }
            }
        } catch (KubernetesClientException e) {
            failures.add("groups: " + message(e));
        }
        return found;
    }

    private void addResources(String group, String version, List<ResourceDefinitionContext> found, List<String> failures) {
        String groupVersion = group.isEmpty() ? version : group + "/" + version;
        try {
            APIResourceList list = client.getApiResources(groupVersion);
            if (list == null) {
                return;
            }
            for (APIResource r : list.getResources()) {
                if (Boolean.TRUE.equals(r.getNamespaced()) && !r.getName().contains("/")
                        && r.getVerbs().contains("list") && r.getVerbs().contains("delete")) {
                    found.add(new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
                            .withPlural(r.getName()).withKind(r.getKind()).withNamespaced(true).build());
                }
            }
        } catch (KubernetesClientException e) {
            failures.add(groupVersion + ": " + message(e));
        }
    }

    private static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }
}
