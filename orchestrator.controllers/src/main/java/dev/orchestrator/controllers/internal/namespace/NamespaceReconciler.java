package dev.orchestrator.controllers.internal.namespace;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the deletion of namespaces, as Kubernetes' namespace controller does. The API server
 * marks a deleted namespace (deletionTimestamp, phase Terminating) and keeps it while
 * {@code spec.finalizers} holds {@value #FINALIZER}; this controller deletes the namespace's
 * content in rounds ({@link NamespaceContentDeletion}), reports what is left in the namespace's
 * conditions ({@link NamespaceConditions}) and, once nothing is left, removes its finalizer through
 * the {@code namespaces/{name}/finalize} subresource, upon which the API server deletes the
 * namespace. Rounds repeat every {@code recheckMillis} and on every event of a pod of the namespace.
 */
@Component(name = "orchestrator.controllers.namespace", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = NamespaceConfig.class)
public final class NamespaceReconciler implements Reconciler<Namespace> {

    static final String FINALIZER = "kubernetes";
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceReconciler.class);

    private final KubernetesClient client;
    private final NamespaceContentDeletion content;
    private final Duration recheck;

    @Activate
    public NamespaceReconciler(@Reference ControllerClients clients, NamespaceConfig config) {
        this.client = clients.forAccount("namespace-controller");
        this.content = new NamespaceContentDeletion(this.client);
        this.recheck = Duration.ofMillis(Math.max(100, config.recheckMillis()));
    }

    @Override
    public Watches<Namespace> watches() {
        // pods are what a namespace usually waits for (graceful termination): their events start a round sooner
        return Watches.of("namespace", Namespace.class).watches(Pod.class, (pod, caches) -> {
            String namespace = pod.getMetadata().getNamespace();
            return caches.lister(Namespace.class).get("", namespace)
                    .filter(ns -> ns.getMetadata().getDeletionTimestamp() != null)
                    .map(ns -> Set.of(new Request("", namespace))).orElse(Set.of());
        });
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<Namespace> found = context.lister(Namespace.class).get("", request.name());
        if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() == null
                || !finalizers(found.get()).contains(FINALIZER)) {
            return Result.done(); // not being deleted, or our part is done (other finalizers are others' work)
        }
        Namespace namespace = found.get();
        NamespaceContent left = content.deleteRound(request.name());
        try {
            writeConditions(namespace, left);
            if (left.empty()) {
                finalizeNamespace(namespace);
                LOG.info("namespace content deleted, namespace finalized namespace={}", request.name());
                return Result.done();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Result.done();
            }
            if (e.getCode() == 409) {
                return Result.retry("the namespace changed meanwhile");
            }
            throw e;
        }
        return Result.requeueAfter(recheck);
    }

    private void writeConditions(Namespace namespace, NamespaceContent left) {
        List<NamespaceCondition> previous = namespace.getStatus() == null || namespace.getStatus().getConditions() == null
                ? List.of() : namespace.getStatus().getConditions();
        List<NamespaceCondition> conditions = NamespaceConditions.of(left, previous, Instant.now());
        if (NamespaceConditions.same(previous, conditions)) {
            return;
        }
        Namespace updated = new NamespaceBuilder(namespace).editOrNewStatus().withPhase("Terminating")
                .withConditions(conditions).endStatus().build();
        client.namespaces().resource(updated).updateStatus();
    }

    /** PUT namespaces/{name}/finalize without our finalizer: the API server then deletes the namespace. */
    private void finalizeNamespace(Namespace namespace) {
        Namespace finalized = new NamespaceBuilder(namespace).editOrNewSpec()
                .withFinalizers(finalizers(namespace).stream().filter(f -> !FINALIZER.equals(f)).toList())
                .endSpec().build();
        finalized.getMetadata().setResourceVersion(null); // the cache's version may be older than our status write
        client.raw("/api/v1/namespaces/" + namespace.getMetadata().getName() + "/finalize", "PUT", finalized);
    }

    private static List<String> finalizers(Namespace namespace) {
        return namespace.getSpec() == null || namespace.getSpec().getFinalizers() == null ? List.of()
                : namespace.getSpec().getFinalizers();
    }
}
