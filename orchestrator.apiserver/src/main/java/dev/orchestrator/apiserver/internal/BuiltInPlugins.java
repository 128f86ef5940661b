package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.Operation;
import dev.orchestrator.apiserver.internal.admission.AdmissionChain;
import dev.orchestrator.apiserver.internal.admission.BuiltInAdmission;
import dev.orchestrator.apiserver.internal.admission.LimitRanger;
import dev.orchestrator.apiserver.internal.admission.NamespaceLifecycle;
import dev.orchestrator.apiserver.internal.admission.PodMutation;
import dev.orchestrator.apiserver.internal.admission.PodSecurityAdmission;
import dev.orchestrator.apiserver.internal.admission.ResourceQuotaAdmission;
import java.util.Set;

/**
 * The admission chain with the built-in plugins in it (those not {@code disabled}). They are added directly
 * rather than registered as OSGi services: the quota plugin writes quota status with the storage's
 * compare-and-swap, which no public contract offers, and the in-process test kit runs the same chain without
 * a framework. Plugin bundles join the same chain through the whiteboard ({@link ApiServerComponent}).
 */
final class BuiltInPlugins {

    private BuiltInPlugins() {
    }

    static AdmissionChain chain(ObjectStorage storage, ResourceRegistry registry,
                                DefaultTolerationSeconds defaultTolerations, boolean mountServiceAccountTokens,
                                Set<String> disabled) {
        AdmissionChain chain = new AdmissionChain(disabled);
        NamespaceLifecycle namespaces = new NamespaceLifecycle();
        chain.add(BuiltInAdmission.NAMESPACE_LIFECYCLE, BuiltInAdmission.NAMESPACE_LIFECYCLE_RANKING,
                (dev.orchestrator.api.admission.MutatingAdmission) namespaces);
        chain.add(BuiltInAdmission.NAMESPACE_LIFECYCLE, BuiltInAdmission.NAMESPACE_LIFECYCLE_RANKING,
                (dev.orchestrator.api.admission.ValidatingAdmission) namespaces);
        LimitRanger limits = new LimitRanger();
        chain.add(BuiltInAdmission.LIMIT_RANGER, BuiltInAdmission.LIMIT_RANGER_RANKING,
                (dev.orchestrator.api.admission.MutatingAdmission) limits);
        chain.add(BuiltInAdmission.LIMIT_RANGER, BuiltInAdmission.LIMIT_RANGER_RANKING,
                (dev.orchestrator.api.admission.ValidatingAdmission) limits);
        ResourceType accounts = registry.find("", "v1", "serviceaccounts").orElseThrow();
        ServiceAccountAdmission serviceAccounts = new ServiceAccountAdmission(
                (namespace, name) -> storage.lookUp(accounts, namespace, name), mountServiceAccountTokens);
        chain.add(BuiltInAdmission.SERVICE_ACCOUNT, BuiltInAdmission.SERVICE_ACCOUNT_RANKING,
                (MutatingAdmission) (request, pod, context) -> {
                    if (request.operation() == Operation.CREATE && request.isMain("", "pods")) {
                        serviceAccounts.admit(pod, request.namespace());
                    } else if (request.operation() == Operation.UPDATE && request.isMain("", "pods")) {
                        keepServiceAccount(pod, request.oldObject().orElse(null));
                    }
                });
        // on updates too, so that a PUT of the original manifest gets the same tolerations and changes nothing
        chain.add(BuiltInAdmission.DEFAULT_TOLERATION_SECONDS, BuiltInAdmission.DEFAULT_TOLERATION_SECONDS_RANKING,
                new PodMutation(Set.of(Operation.CREATE, Operation.UPDATE), defaultTolerations::admit));
        chain.add(BuiltInAdmission.PRIORITY, BuiltInAdmission.PRIORITY_RANKING, PriorityAdmission.of(storage, registry));
        chain.add(BuiltInAdmission.NETWORKING, BuiltInAdmission.NETWORKING_RANKING, NetworkingAdmission.of(storage, registry));
        chain.add(BuiltInAdmission.DEFAULT_STORAGE_CLASS, BuiltInAdmission.DEFAULT_STORAGE_CLASS_RANKING,
                StorageAdmission.of(storage, registry));
        chain.add(BuiltInAdmission.STORAGE_PROTECTION, BuiltInAdmission.STORAGE_PROTECTION_RANKING,
                new StorageProtectionAdmission());
        chain.add(BuiltInAdmission.POD_SECURITY, BuiltInAdmission.POD_SECURITY_RANKING, new PodSecurityAdmission());
        ResourceType quotas = registry.find("", "v1", "resourcequotas").orElseThrow();
        chain.add(BuiltInAdmission.RESOURCE_QUOTA, BuiltInAdmission.RESOURCE_QUOTA_RANKING,
                new ResourceQuotaAdmission(quota -> replaceIfUnchanged(storage, quotas, quota)));
        return chain;
    }

    /**
     * An update that leaves out the service account the create was given keeps it (as it keeps the other
     * defaults), so a PUT of the original manifest changes nothing rather than a field pods may not change.
     */
    private static void keepServiceAccount(ObjectNode pod, com.fasterxml.jackson.databind.JsonNode old) {
        if (old == null || !(pod.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        for (String field : new String[] {"serviceAccountName", "serviceAccount"}) {
            if (!spec.has(field) && old.path("spec").has(field)) {
                spec.set(field, old.path("spec").get(field).deepCopy());
            }
        }
    }

    private static boolean replaceIfUnchanged(ObjectStorage storage, ResourceType quotas, ObjectNode quota) {
        try {
            storage.update(quotas, ObjectMeta.namespace(quota), ObjectMeta.name(quota), quota,
                    ObjectMeta.resourceVersion(quota));
            return true;
        } catch (ApiException e) {
            if (e.code == 409 || e.code == 404) {
                return false;
            }
            throw e;
        }
    }
}
