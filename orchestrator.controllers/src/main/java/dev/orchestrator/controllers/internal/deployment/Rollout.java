package dev.orchestrator.controllers.internal.deployment;

import dev.orchestrator.controllers.internal.templates.PodTemplates;
import static dev.orchestrator.controllers.internal.deployment.DeploymentConditions.condition;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One reconcile of one Deployment. It knows the Deployment's ReplicaSets as the cache had them,
 * each replaced by what the API returned for this call's own writes, and which of them is the
 * "new" one (its template is the Deployment's). Each step does one kind of change (create or
 * resize the new ReplicaSet, shrink old ones) and then writes the status; the events of those
 * writes bring the next step.
 */
final class Rollout {

    private final Deployment deployment;
    private final Context context;
    private final ReplicaSetWrites writes;
    private final PodTemplates templates;
    private final KubernetesSerialization serialization;
    private final Instant now;
    private final List<ReplicaSet> replicaSets;
    private final int replicas;
    private final Fenceposts bounds;
    private ReplicaSet newRs;
    private DeploymentCondition noted;
    /** The Deployment's resourceVersion after this call's own writes to it. */
    private String resourceVersion;

    Rollout(Deployment deployment, List<ReplicaSet> owned, Context context, ReplicaSetWrites writes,
            PodTemplates templates, KubernetesSerialization serialization, Instant now) {
        this.deployment = deployment;
        this.context = context;
        this.writes = writes;
        this.templates = templates;
        this.serialization = serialization;
        this.now = now;
        this.replicaSets = new ArrayList<>(owned);
        this.replicas = Sizes.replicas(deployment);
        this.bounds = Fenceposts.of(deployment);
        this.resourceVersion = deployment.getMetadata().getResourceVersion();
        this.newRs = owned.stream()
                .filter(rs -> templates.equalIgnoringHash(rs.getSpec().getTemplate(), deployment.getSpec().getTemplate()))
                .min(Sizes.OLDEST_FIRST).orElse(null);
    }

    // ---- the three ways a reconcile goes -------------------------------------------------

    /**
     * A paused Deployment, or one whose replicas changed: no new template is rolled out, the pods
     * are spread over the ReplicaSets there are.
     */
    Result scaleOnly() {
        if (!syncNewReplicaSet(false)) {
            return collision();
        }
        scaleProportionally();
        if (DeploymentStatusCalc.paused(deployment)) {
            cleanUpHistory();
        }
        return finish(false);
    }

    Result rollingUpdate() {
        if (!syncNewReplicaSet(true)) {
            return collision();
        }
        int newSize = RollingSteps.newReplicaSetSize(replicas, bounds, replicaSets, newRs);
        if (newSize != Sizes.spec(newRs)) {
            scale(newRs, newSize);
            return finish(true);
        }
        Map<String, Integer> oldSizes = RollingSteps.oldReplicaSetSizes(replicas, bounds, olds(), newRs, replicaSets);
        if (!oldSizes.isEmpty()) {
            for (ReplicaSet old : olds()) {
                Integer size = oldSizes.get(old.getMetadata().getName());
                if (size != null && !context.cancelled()) {
                    scale(old, size);
                }
            }
            return finish(true);
        }
        cleanUpWhenComplete();
        return finish(true);
    }

    /** All old pods go, and only once they are gone (not just terminating) does the new template start. */
    Result recreate(List<Pod> pods) {
        if (!syncNewReplicaSet(false)) {
            return collision();
        }
        List<ReplicaSet> activeOlds = olds().stream().filter(rs -> Sizes.spec(rs) > 0).toList();
        if (!activeOlds.isEmpty()) {
            activeOlds.forEach(rs -> scale(rs, 0));
            return finish(true);
        }
        if (oldPodsRunning(pods)) {
            return finish(true);
        }
        if (!syncNewReplicaSet(true)) {
            return collision();
        }
        if (Sizes.spec(newRs) != replicas) {
            scale(newRs, replicas);
            return finish(true);
        }
        cleanUpWhenComplete();
        return finish(true);
    }

    /**
     * True when the Deployment's size changed since its ReplicaSets were last sized (their
     * {@code desired-replicas}): then the change is spread proportionally rather than rolled.
     */
    boolean isScalingEvent() {
        return replicaSets.stream().filter(rs -> Sizes.spec(rs) > 0)
                .mapToInt(rs -> Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS, replicas))
                .anyMatch(desired -> desired != replicas);
    }

    // ---- the new ReplicaSet --------------------------------------------------------------

    /**
     * Makes the new ReplicaSet current: the next revision, the Deployment's annotations,
     * minReadySeconds; creates it when there is none and {@code create}; and records the revision
     * on the Deployment.
     *
     * @return false on a hash collision (a ReplicaSet of that name with another template): the
     *     collision count was raised, and the next attempt computes another name
     */
    private boolean syncNewReplicaSet(boolean create) {
        long revision = Revisions.max(olds()) + 1;
        if (newRs != null) {
            refreshNewReplicaSet(revision);
        } else if (create && !createNewReplicaSet(revision)) {
            return false;
        }
        if (newRs != null) {
            String rsRevision = Long.toString(Revisions.of(newRs));
            Map<String, String> annotations = deployment.getMetadata().getAnnotations();
            if (annotations == null || !rsRevision.equals(annotations.get(Revisions.REVISION))) {
                resourceVersion = writes.annotate(deployment, Revisions.REVISION, rsRevision);
            }
        }
        return true;
    }

    private void refreshNewReplicaSet(long revision) {
        Map<String, String> annotations = Revisions.forNewReplicaSet(deployment, newRs.getMetadata().getAnnotations(), revision);
        Integer minReady = deployment.getSpec().getMinReadySeconds();
        boolean sameMinReady = Objects.equals(orZero(minReady), orZero(newRs.getSpec().getMinReadySeconds()));
        if (!annotations.equals(orEmpty(newRs.getMetadata().getAnnotations())) || !sameMinReady) {
            ReplicaSet copy = serialization.clone(newRs);
            copy.getMetadata().setAnnotations(annotations);
            copy.getSpec().setMinReadySeconds(minReady);
            replace(newRs, writes.update(copy));
        }
        if (DeploymentConditions.get(deployment.getStatus(), DeploymentConditions.PROGRESSING).isEmpty()) {
            noted = condition(DeploymentConditions.PROGRESSING, "True", DeploymentConditions.FOUND_NEW_RS,
                    "Found new replica set \"" + newRs.getMetadata().getName() + "\"", now);
        }
    }

    private boolean createNewReplicaSet(long revision) {
        Integer collisions = deployment.getStatus() == null ? null : deployment.getStatus().getCollisionCount();
        String hash = templates.hash(deployment.getSpec().getTemplate(), collisions);
        PodTemplateSpec template = templates.withHash(deployment.getSpec().getTemplate(), hash);
        int size = Fenceposts.isRollingUpdate(deployment)
                ? RollingSteps.newReplicaSetSize(replicas, bounds, replicaSets, null) : replicas;
        String name = deployment.getMetadata().getName() + "-" + hash;
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(deployment.getMetadata().getNamespace())
                    .withLabels(template.getMetadata().getLabels())
                    .withAnnotations(Revisions.withReplicas(Revisions.forNewReplicaSet(deployment, null, revision),
                            replicas, replicas + bounds.maxSurge()))
                    .withOwnerReferences(OwnerReferences.controllerRef(deployment))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(size)
                    .withMinReadySeconds(deployment.getSpec().getMinReadySeconds())
                    .withSelector(selectorWithHash(deployment.getSpec().getSelector(), hash))
                    .withTemplate(template)
                .endSpec()
                .build();
        try {
            newRs = writes.create(rs);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            ReplicaSet existing = writes.get(rs.getMetadata().getNamespace(), name);
            boolean ours = existing != null && OwnerReferences.controllerOf(existing)
                    .map(r -> deployment.getMetadata().getUid().equals(r.getUid())).orElse(false)
                    && templates.equalIgnoringHash(existing.getSpec().getTemplate(), deployment.getSpec().getTemplate());
            if (!ours) {
                return false; // a hash collision
            }
            newRs = existing; // created by an earlier call whose write the cache has not shown yet
            replicaSets.removeIf(r -> r.getMetadata().getUid().equals(existing.getMetadata().getUid()));
            replicaSets.add(existing);
            return true;
        }
        replicaSets.add(newRs);
        if (size > 0) {
            scaled(name, 0, size);
        }
        noted = condition(DeploymentConditions.PROGRESSING, "True", DeploymentConditions.NEW_RS_CREATED,
                "Created new replica set \"" + name + "\"", now);
        return true;
    }

    private static LabelSelector selectorWithHash(LabelSelector selector, String hash) {
        Map<String, String> matchLabels = new LinkedHashMap<>(orEmpty(selector.getMatchLabels()));
        matchLabels.put(PodTemplates.HASH_LABEL, hash);
        return new io.fabric8.kubernetes.api.model.LabelSelectorBuilder(selector).withMatchLabels(matchLabels).build();
    }

    /** Raises the collision count, so that the next attempt names the new ReplicaSet differently. */
    private Result collision() {
        DeploymentStatus status = DeploymentStatusCalc.compute(deployment, newRs, replicaSets, now);
        Integer count = status.getCollisionCount();
        status.setCollisionCount(count == null ? 1 : count + 1);
        writes.updateStatus(deployment, resourceVersion, status);
        return Result.retry("the new ReplicaSet's name is taken by another template (hash collision "
                + status.getCollisionCount() + ")");
    }

    // ---- sizes ---------------------------------------------------------------------------

    private void scaleProportionally() {
        List<ReplicaSet> active = replicaSets.stream().filter(rs -> Sizes.spec(rs) > 0).toList();
        if (active.size() <= 1) {
            ReplicaSet target = !active.isEmpty() ? active.get(0)
                    : newRs != null ? newRs : replicaSets.stream().max(Sizes.OLDEST_FIRST).orElse(null);
            if (target != null && Sizes.spec(target) != replicas) {
                scale(target, replicas);
            }
            return;
        }
        if (newRs != null && Sizes.spec(newRs) == replicas && Sizes.available(newRs) >= replicas) {
            olds().stream().filter(rs -> Sizes.spec(rs) > 0).forEach(rs -> scale(rs, 0));
            return;
        }
        if (!Fenceposts.isRollingUpdate(deployment)) {
            return;
        }
        int fallbackMax = deployment.getStatus() == null || deployment.getStatus().getReplicas() == null ? 0
                : deployment.getStatus().getReplicas();
        Map<String, Integer> sizes = ProportionalScaling.sizes(active, replicas, bounds.maxSurge(), fallbackMax);
        for (ReplicaSet rs : active) {
            scale(rs, sizes.getOrDefault(rs.getMetadata().getName(), Sizes.spec(rs)));
        }
    }

    /** Sizes a ReplicaSet and records the Deployment's size on it; writes only what changes. */
    private void scale(ReplicaSet rs, int size) {
        Map<String, String> annotations = Revisions.withReplicas(rs.getMetadata().getAnnotations(), replicas,
                replicas + bounds.maxSurge());
        int before = Sizes.spec(rs);
        if (before == size && annotations.equals(orEmpty(rs.getMetadata().getAnnotations()))) {
            return;
        }
        ReplicaSet copy = serialization.clone(rs);
        copy.getSpec().setReplicas(size);
        copy.getMetadata().setAnnotations(annotations);
        replace(rs, writes.update(copy));
        if (before != size) {
            scaled(rs.getMetadata().getName(), before, size);
        }
    }

    private void scaled(String name, int from, int to) {
        context.events().normal(deployment, "ScalingReplicaSet",
                "Scaled " + (to > from ? "up" : "down") + " replica set " + name + " from " + from + " to " + to);
    }

    // ---- history and status ---------------------------------------------------------------

    private void cleanUpWhenComplete() {
        DeploymentStatus status = DeploymentStatusCalc.compute(deployment, newRs, replicaSets, now);
        if (DeploymentStatusCalc.complete(deployment, status)) {
            cleanUpHistory();
        }
    }

    /** Deletes the oldest empty old ReplicaSets beyond {@code revisionHistoryLimit}. */
    private void cleanUpHistory() {
        Integer limit = deployment.getSpec().getRevisionHistoryLimit();
        if (limit == null) {
            return;
        }
        List<ReplicaSet> cleanable = olds().stream().filter(rs -> rs.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.<ReplicaSet>comparingLong(Revisions::of).thenComparing(Sizes.OLDEST_FIRST)).toList();
        int excess = cleanable.size() - limit;
        for (ReplicaSet rs : cleanable) {
            if (excess <= 0 || context.cancelled()) {
                return;
            }
            boolean settled = rs.getStatus() != null && rs.getStatus().getObservedGeneration() != null
                    && rs.getMetadata().getGeneration() != null
                    && rs.getStatus().getObservedGeneration() >= rs.getMetadata().getGeneration();
            if (Sizes.spec(rs) == 0 && Sizes.actual(rs) == 0 && settled) {
                writes.delete(rs);
                excess--;
            }
        }
    }

    private Result finish(boolean rollingOut) {
        DeploymentStatus status = DeploymentStatusCalc.compute(deployment, newRs, replicaSets, now);
        Optional<Duration> again = Optional.empty();
        if (rollingOut && !DeploymentStatusCalc.paused(deployment)) {
            again = DeploymentStatusCalc.progress(deployment, newRs, status, Optional.ofNullable(noted), now);
        }
        if (!status.equals(deployment.getStatus())) {
            writes.updateStatus(deployment, resourceVersion, status);
        }
        return again.map(Result::requeueAfter).orElse(Result.done());
    }

    // ---- helpers -------------------------------------------------------------------------

    private boolean oldPodsRunning(List<Pod> pods) {
        if (olds().stream().mapToInt(Sizes::actual).sum() > 0) {
            return true;
        }
        Set<String> oldUids = olds().stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
        return pods.stream().anyMatch(pod -> OwnerReferences.controllerOf(pod).map(r -> oldUids.contains(r.getUid()))
                .orElse(false) && !finished(pod));
    }

    private static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private List<ReplicaSet> olds() {
        return replicaSets.stream().filter(rs -> rs != newRs).toList();
    }

    private void replace(ReplicaSet old, ReplicaSet updated) {
        replicaSets.replaceAll(rs -> rs == old ? updated : rs);
        if (newRs == old) {
            newRs = updated;
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
