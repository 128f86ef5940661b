package dev.orchestrator.controllers.internal.daemonset;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ApiErrors;
import dev.orchestrator.controllers.internal.ownership.Adoption;
import dev.orchestrator.controllers.internal.ownership.Claims;
import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import dev.orchestrator.controllers.internal.pods.OwnedPodWrites;
import dev.orchestrator.controllers.internal.revisions.TemplateRevisions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Runs one pod of each DaemonSet on every node its template fits, as Kubernetes' DaemonSet controller does: claims
 * pods by selector, keeps the template history as ControllerRevisions, creates the missing pods (each pinned to its
 * node by a required node affinity, bound by the scheduler), removes failed, duplicate and misplaced ones, rolls a
 * new template out node by node ({@link DaemonSetPlan}), and writes the status that {@code kubectl rollout status}
 * reads. Any node change re-checks every DaemonSet, so a new node gets its daemons and a relabelled one loses them.
 */
@Component(name = "orchestrator.controllers.daemonset", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = DaemonSetConfig.class)
public final class DaemonSetReconciler implements Reconciler<DaemonSet> {

    private final KubernetesClient client;
    private final Adoption adoption;
    private final TemplateRevisions revisions;
    private final OwnedPodWrites podWrites;
    private final DaemonPodWrites writes;

    @Activate
    public DaemonSetReconciler(@Reference ControllerClients clients, DaemonSetConfig config) {
        this.client = clients.forAccount("daemon-set-controller");
        this.adoption = new Adoption(client);
        this.revisions = new TemplateRevisions(client);
        this.podWrites = new OwnedPodWrites(client, 1, "daemonset");
        this.writes = new DaemonPodWrites(podWrites, client.getKubernetesSerialization(), Math.max(1, config.burstReplicas()));
    }

    @Deactivate
    void deactivate() {
        podWrites.close();
    }

    @Override
    public Watches<DaemonSet> watches() {
        return Watches.of("daemonset", DaemonSet.class)
                .owns(Pod.class, ds -> ds.getSpec().getSelector())
                .watches(ControllerRevision.class, OwnerReferences.toControllerOfKind("DaemonSet"))
                .watches(Node.class, (node, caches) -> caches.lister(DaemonSet.class).list("").stream()
                        .map(Request::of).collect(Collectors.toSet()));
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<DaemonSet> found = context.lister(DaemonSet.class).get(request.namespace(), request.name());
        if (found.isEmpty()) {
            context.expectations().forget(request);
            return Result.done();
        }
        DaemonSet ds = found.get();
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return Result.done(); // its pods and revisions go with it, by the garbage collector
        }
        Claims<Pod> claims = Claims.of(ds, ds.getSpec().getSelector(), context.lister(Pod.class));
        List<Pod> owned = new ArrayList<>(claims.owned());
        boolean claimConflict = adoption.claim(ds, claims, owned);
        List<ControllerRevision> history = TemplateRevisions.history(ds, context.lister(ControllerRevision.class));
        int collisions = ds.getStatus() == null || ds.getStatus().getCollisionCount() == null ? 0
                : ds.getStatus().getCollisionCount();
        TemplateRevisions.Current update = revisions.current(ds, ds.getSpec().getTemplate(), history,
                ds.getSpec().getSelector().getMatchLabels() == null ? Map.of() : ds.getSpec().getSelector().getMatchLabels(),
                collisions);
        List<DaemonSetPlan.NodePods> nodes = nodePods(ds, context.lister(Node.class).list(""), owned);
        Instant now = Instant.now();
        Optional<String> failure = Optional.empty();
        if (context.expectations().satisfied(request) && !context.cancelled()) {
            DaemonSetPlan plan = DaemonSetPlan.of(ds, nodes, update.hash(), now);
            failure = writes.apply(ds, plan, revisions.templateOf(update.revision()), update.hash(), request, context);
            Set<String> inUse = owned.stream().map(DaemonSetPlan::hash).collect(Collectors.toSet());
            revisions.prune(TemplateRevisions.history(ds, context.lister(ControllerRevision.class)), update.name(), inUse,
                    ds.getSpec().getRevisionHistoryLimit() == null ? 10 : ds.getSpec().getRevisionHistoryLimit());
        }
        DaemonSetStatus status = DaemonSetStatusCalc.compute(ds, nodes, update.hash(), update.collisionCount(), now);
        if (!writeStatus(ds, status)) {
            return Result.retry("the DaemonSet changed while its status was written");
        }
        if (failure.isPresent()) {
            return Result.retry(failure.get());
        }
        if (claimConflict) {
            return Result.retry("a pod changed while it was adopted or released");
        }
        int minReady = DaemonSetPlan.minReadySeconds(ds);
        if (minReady > 0 && status.getNumberReady() > status.getNumberAvailable()) {
            return Result.requeueAfter(Duration.ofSeconds(minReady));
        }
        return Result.done();
    }

    /** Every node with its fit and the DaemonSet's pods there; pods for nodes that are gone count as on no node. */
    private static List<DaemonSetPlan.NodePods> nodePods(DaemonSet ds, List<Node> nodes, List<Pod> owned) {
        Map<String, List<Pod>> byNode = new HashMap<>();
        for (Pod pod : owned) {
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                byNode.computeIfAbsent(DaemonPods.nodeOf(pod), n -> new ArrayList<>()).add(pod);
            }
        }
        List<DaemonSetPlan.NodePods> all = new ArrayList<>();
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            all.add(new DaemonSetPlan.NodePods(name, NodeFit.of(ds.getSpec().getTemplate().getSpec(), node),
                    byNode.getOrDefault(name, List.of())));
            byNode.remove(name);
        }
        byNode.forEach((name, pods) -> all.add(new DaemonSetPlan.NodePods(name, NodeFit.Verdict.NONE, pods)));
        return all;
    }

    /** @return false on a conflict (the retry computes the status again from the newer DaemonSet); true otherwise */
    private boolean writeStatus(DaemonSet ds, DaemonSetStatus status) {
        if (!DaemonSetStatusCalc.differs(ds.getStatus(), status)) {
            return true;
        }
        DaemonSet updated = new DaemonSetBuilder(ds).withStatus(status).build();
        return ApiErrors.writeUnlessConflict(() -> client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace())
                .resource(updated).updateStatus());
    }
}
