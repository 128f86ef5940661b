package dev.orchestrator.controllers.internal.deployment;

import dev.orchestrator.controllers.internal.templates.PodTemplates;
import dev.orchestrator.api.controller.Caches;
import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ownership.Adoption;
import dev.orchestrator.controllers.internal.ownership.Claims;
import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Rolls Deployments out through ReplicaSets, as Kubernetes' Deployment controller does: one
 * ReplicaSet per template (named by its {@code pod-template-hash}, numbered by revision), a
 * rolling update within maxSurge and maxUnavailable or a Recreate, proportional scaling while
 * several templates have pods or the Deployment is paused, the revision history trimmed to
 * {@code revisionHistoryLimit}, and the status and conditions {@code kubectl rollout} reads. A
 * rollback ({@code kubectl rollout undo}) is the Deployment getting an old template back: its
 * ReplicaSet becomes the new one again, with the next revision.
 */
@Component(name = "orchestrator.controllers.deployment", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = DeploymentConfig.class)
public final class DeploymentReconciler implements Reconciler<Deployment> {

    private final KubernetesClient client;
    private final Adoption adoption;
    private final ReplicaSetWrites writes;
    private final PodTemplates templates;

    @Activate
    public DeploymentReconciler(@Reference ControllerClients clients) {
        this.client = clients.forAccount("deployment-controller");
        this.adoption = new Adoption(this.client);
        this.writes = new ReplicaSetWrites(this.client);
        this.templates = new PodTemplates(this.client.getKubernetesSerialization());
    }

    @Override
    public Watches<Deployment> watches() {
        return Watches.of("deployment", Deployment.class)
                .owns(ReplicaSet.class, d -> d.getSpec().getSelector())
                .watches(Pod.class, DeploymentReconciler::ownerOfGoingPod);
    }

    /**
     * A pod that is going (terminating or finished) maps to the Deployment of its ReplicaSet: a
     * Recreate waits for the old pods to be gone, which no ReplicaSet event tells.
     */
    private static Set<Request> ownerOfGoingPod(Pod pod, Caches caches) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean going = pod.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(phase) || "Failed".equals(phase);
        if (!going) {
            return Set.of();
        }
        String namespace = pod.getMetadata().getNamespace();
        return OwnerReferences.controllerOfKind(pod, "ReplicaSet")
                .flatMap(ref -> caches.lister(ReplicaSet.class).get(namespace, ref.getName()))
                .flatMap(rs -> OwnerReferences.controllerOfKind(rs, "Deployment"))
                .map(ref -> Set.of(new Request(namespace, ref.getName())))
                .orElse(Set.of());
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<Deployment> found = context.lister(Deployment.class).get(request.namespace(), request.name());
        if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
            return Result.done(); // the garbage collector removes its ReplicaSets
        }
        Deployment d = found.get();
        LabelSelector selector = d.getSpec().getSelector();
        if (selector == null || selector.getMatchLabels().isEmpty() && selector.getMatchExpressions().isEmpty()) {
            context.events().warning(d, "SelectingAll",
                    "This deployment is selecting all pods. A non-empty selector is required.");
            return Result.terminal("the deployment's selector is empty");
        }
        try {
            Claims<ReplicaSet> claims = Claims.of(d, selector, context.lister(ReplicaSet.class));
            List<ReplicaSet> owned = new ArrayList<>(claims.owned());
            if (adoption.claim(d, claims, owned)) {
                return Result.retry("a ReplicaSet changed while it was adopted or released");
            }
            Rollout rollout = new Rollout(d, owned, context, writes, templates, client.getKubernetesSerialization(),
                    Instant.now());
            if (DeploymentStatusCalc.paused(d) || rollout.isScalingEvent()) {
                return rollout.scaleOnly();
            }
            if (Fenceposts.isRollingUpdate(d)) {
                return rollout.rollingUpdate();
            }
            return rollout.recreate(context.lister(Pod.class).list(request.namespace()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Result.retry("the Deployment or one of its ReplicaSets changed meanwhile");
            }
            throw e;
        }
    }
}
