package dev.orchestrator.controllers.internal.statefulset;

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
import dev.orchestrator.controllers.internal.statefulset.OrderedActions.Actions;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
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
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pods of each StatefulSet as Kubernetes' StatefulSet controller does: one pod per ordinal with a stable
 * name and hostname, made in order (or all at once with Parallel), replaced from the highest ordinal down when the
 * template changes, and recorded in ControllerRevisions that {@code kubectl rollout history/undo} read. Each round
 * claims the pods (adopting matching orphans named as the set's ordinals), finds the current and update revisions,
 * plans with {@link OrderedActions}, carries the plan out with {@link ActionWrites} once the runtime's expectations
 * show the previous round's writes in the cache, writes the status and prunes the history.
 *
 * <p>A set being deleted is left alone: the garbage collector takes its pods and revisions.
 */
@Component(name = "orchestrator.controllers.statefulset", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = StatefulSetConfig.class)
public final class StatefulSetReconciler implements Reconciler<StatefulSet> {

    private static final Logger LOG = LoggerFactory.getLogger(StatefulSetReconciler.class);

    private final KubernetesClient client;
    private final Adoption adoption;
    private final StatefulRevisions revisions;
    private final OwnedPodWrites batches;
    private final ActionWrites writes;

    @Activate
    public StatefulSetReconciler(@Reference ControllerClients clients, StatefulSetConfig config) {
        this.client = clients.forAccount("statefulset-controller");
        this.adoption = new Adoption(client);
        this.revisions = new StatefulRevisions(new TemplateRevisions(client));
        this.batches = new OwnedPodWrites(client, 1, "statefulset");
        this.writes = new ActionWrites(client, batches);
    }

    @Deactivate
    void deactivate() {
        batches.close();
    }

    @Override
    public Watches<StatefulSet> watches() {
        return Watches.of("statefulset", StatefulSet.class)
                .owns(Pod.class, sts -> sts.getSpec().getSelector())
                .watches(ControllerRevision.class, OwnerReferences.toControllerOfKind("StatefulSet"))
                .watches(PersistentVolumeClaim.class, (claim, caches) -> Set.of()); // read through the lister only
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<StatefulSet> found = context.lister(StatefulSet.class).get(request.namespace(), request.name());
        if (found.isEmpty()) {
            context.expectations().forget(request);
            return Result.done();
        }
        StatefulSet sts = found.get();
        if (sts.getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        List<Pod> pods = new ArrayList<>();
        boolean claimConflict = claim(sts, context, pods);
        StatefulRevisions.Resolved resolved;
        try {
            resolved = revisions.resolve(sts, context.lister(ControllerRevision.class));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Result.retry("a revision of the StatefulSet changed while it was written");
            }
            throw e;
        }
        RevisionPair names = resolved.names();
        Instant now = Instant.now();
        Optional<String> failure = Optional.empty();
        if (context.expectations().satisfied(request) && !context.cancelled()) {
            Actions actions = OrderedActions.plan(sts, pods, names, now);
            if (!actions.none()) {
                LOG.debug("statefulset={} creates={} deletes={}", request, actions.creates().size(),
                        actions.deletes().size());
            }
            failure = writes.run(sts, actions, create -> StatefulPods.build(sts, create.ordinal(),
                    revisions.templateOf(sts, resolved, create.revision()), create.revision()), request, context);
        }
        StatefulSetStatus status = StatefulSetStatusCalc.compute(sts, pods, names, resolved.update().collisionCount(),
                now);
        if (!writeStatus(sts, status)) {
            return Result.retry("the StatefulSet changed while its status was written");
        }
        revisions.prune(sts, resolved, pods);
        if (failure.isPresent()) {
            return Result.retry(failure.get());
        }
        if (claimConflict) {
            return Result.retry("a pod changed while it was adopted or released");
        }
        return StatefulSetStatusCalc.untilNextAvailable(sts, pods, now).map(Result::requeueAfter).orElse(Result.done());
    }

    /**
     * Claims the set's pods into {@code pods}. Only pods named as one of the set's ordinals can be its: others that
     * match the selector are not adopted, and any it controls are released, as Kubernetes does.
     *
     * @return true when a pod changed meanwhile (the retry sees its new state)
     */
    private boolean claim(StatefulSet sts, Context context, List<Pod> pods) {
        Claims<Pod> bySelector = Claims.of(sts, sts.getSpec().getSelector(), context.lister(Pod.class));
        List<Pod> strays = new ArrayList<>(bySelector.strays());
        for (Pod pod : bySelector.owned()) {
            if (StatefulPods.member(sts, pod)) {
                pods.add(pod);
            } else if (!StatefulPods.terminating(pod)) {
                strays.add(pod);
            }
        }
        List<Pod> orphans = bySelector.orphans().stream().filter(p -> StatefulPods.member(sts, p)).toList();
        return adoption.claim(sts, new Claims<>(List.copyOf(pods), orphans, strays), pods);
    }

    /** @return false on a conflict (the retry computes the status again from the newer set); true otherwise */
    private boolean writeStatus(StatefulSet sts, StatefulSetStatus status) {
        if (!StatefulSetStatusCalc.differs(sts.getStatus(), status)) {
            return true;
        }
        StatefulSet updated = new StatefulSetBuilder(sts).withStatus(status).build();
        return ApiErrors.writeUnlessConflict(() -> client.apps().statefulSets()
                .inNamespace(sts.getMetadata().getNamespace()).resource(updated).updateStatus());
    }
}
