package dev.orchestrator.controllers.internal.statefulset;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Expectations;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.controllers.internal.ApiErrors;
import dev.orchestrator.controllers.internal.pods.OwnedPodWrites;
import dev.orchestrator.controllers.internal.statefulset.OrderedActions.Actions;
import dev.orchestrator.controllers.internal.statefulset.OrderedActions.Create;
import dev.orchestrator.controllers.internal.statefulset.OrderedActions.Delete;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Carries out one round's {@link Actions} with Kubernetes' events. Every write is announced to the expectations
 * first and every write that will not show up in the cache is taken back, so the next round plans on a cache that
 * holds this one's writes; a pod name is therefore never created twice by a slow watch.
 *
 * <p>{@code OrderedReady} writes one pod after another. {@code Parallel} creates in slow-start batches whose calls go
 * at once and deletes all at once, as Kubernetes' controller does. The expectations hold creations or deletions of a
 * set, not both, so a round with both (Parallel only) runs the deletions and leaves the creations to the next round,
 * which the deletions' events start.
 */
final class ActionWrites {

    private final KubernetesClient client;
    private final OwnedPodWrites batches;

    /** @param batches runs a {@code Parallel} set's writes: creations in slow-start batches, deletions at once */
    ActionWrites(KubernetesClient client, OwnedPodWrites batches) {
        this.client = client;
        this.batches = batches;
    }

    /**
     * @param podOf the pod to create for a {@link Create}
     * @return what failed, if a write did (the round stops at a failed creation)
     */
    Optional<String> run(StatefulSet sts, Actions actions, Function<Create, Pod> podOf, Request key, Context context) {
        if (!actions.deletes().isEmpty()) {
            return delete(sts, actions.deletes(), key, context);
        }
        if (!actions.creates().isEmpty()) {
            return create(sts, actions.creates(), podOf, key, context);
        }
        return Optional.empty();
    }

    /**
     * {@code OrderedReady} creates one pod after another and stops at a failed one; {@code Parallel} in slow-start
     * batches sent at once.
     *
     * @return how many creates were tried
     */
    private int createAll(StatefulSet sts, List<Create> creates, Predicate<Create> create) {
        if (StatefulSetSpecs.parallel(sts)) {
            return batches.inSlowStartBatches(creates, create);
        }
        int started = 0;
        for (Create c : creates) {
            started++;
            if (!create.test(c)) {
                break;
            }
        }
        return started;
    }

    /** {@code OrderedReady} deletes one pod after another; {@code Parallel} all at once. */
    private void deleteAll(StatefulSet sts, List<Delete> deletes, Predicate<Delete> delete) {
        if (StatefulSetSpecs.parallel(sts)) {
            batches.atOnce(deletes, delete);
        } else {
            deletes.forEach(delete::test);
        }
    }

    private Optional<String> create(StatefulSet sts, List<Create> creates, Function<Create, Pod> podOf, Request key,
                                    Context context) {
        Expectations expectations = context.expectations();
        expectations.expectCreations(key, creates.size());
        AtomicReference<String> failure = new AtomicReference<>();
        int started = createAll(sts, creates, create -> createOne(sts, podOf.apply(create), create.ordinal(), key,
                context, failure));
        for (int skipped = creates.size() - started; skipped > 0; skipped--) {
            expectations.creationObserved(key);
        }
        return Optional.ofNullable(failure.get());
    }

    /** @return false when the round should stop */
    private boolean createOne(StatefulSet sts, Pod pod, int ordinal, Request key, Context context,
                              AtomicReference<String> failure) {
        Expectations expectations = context.expectations();
        if (context.cancelled()) {
            expectations.creationObserved(key);
            return false;
        }
        String name = pod.getMetadata().getName();
        if (context.lister(Pod.class).get(pod.getMetadata().getNamespace(), name).isPresent()) {
            // the cache has a pod of this name that is not the set's (released, or another owner's)
            expectations.creationObserved(key);
            fail(sts, "FailedCreate", message("create", name, sts, "pods \"" + name + "\" already exists"), failure,
                    context);
            return false;
        }
        try {
            ensureClaims(sts, ordinal, context);
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
            context.events().normal(sts, "SuccessfulCreate", message("create", name, sts, null));
            return true;
        } catch (RuntimeException e) {
            if (ApiErrors.code(e) == 409) {
                return true; // made by an earlier round and not cached yet: its add event fulfils the expectation
            }
            expectations.creationObserved(key);
            if (!ApiErrors.namespaceTerminating(e)) { // else the namespace's deletion takes the set too
                fail(sts, "FailedCreate", message("create", name, sts, ApiErrors.message(e)), failure, context);
            }
            return false;
        }
    }

    private static void fail(StatefulSet sts, String reason, String message, AtomicReference<String> failure,
                             Context context) {
        failure.compareAndSet(null, message);
        context.events().warning(sts, reason, message);
    }

    /** The claims of the ordinal's pod, made when missing; they outlive the pod, so a pod made again finds its data. */
    private void ensureClaims(StatefulSet sts, int ordinal, Context context) {
        for (PersistentVolumeClaim claim : StatefulClaims.of(sts, ordinal)) {
            String name = claim.getMetadata().getName();
            if (context.lister(PersistentVolumeClaim.class).get(sts.getMetadata().getNamespace(), name).isPresent()) {
                continue;
            }
            try {
                client.persistentVolumeClaims().inNamespace(sts.getMetadata().getNamespace()).resource(claim).create();
                context.events().normal(sts, "SuccessfulCreate", "create Claim " + name + " Pod "
                        + StatefulPods.name(sts, ordinal) + " in StatefulSet " + sts.getMetadata().getName() + " success");
            } catch (RuntimeException e) {
                if (ApiErrors.code(e) != 409) {
                    throw e;
                }
            }
        }
    }

    private Optional<String> delete(StatefulSet sts, List<Delete> deletes, Request key, Context context) {
        context.expectations().expectDeletions(key, deletes.stream().map(d -> OwnedPodWrites.objectKey(d.pod())).toList());
        AtomicReference<String> failure = new AtomicReference<>();
        deleteAll(sts, deletes, delete -> deleteOne(sts, delete, key, context, failure));
        return Optional.ofNullable(failure.get());
    }

    private boolean deleteOne(StatefulSet sts, Delete delete, Request key, Context context,
                              AtomicReference<String> failure) {
        Pod pod = delete.pod();
        String name = pod.getMetadata().getName();
        String set = sts.getMetadata().getNamespace() + "/" + sts.getMetadata().getName();
        if (delete.reason() == OrderedActions.Reason.FAILED) {
            context.events().warning(sts, "RecreatingFailedPod", "StatefulSet " + set + " is recreating failed Pod " + name);
        } else if (delete.reason() == OrderedActions.Reason.SUCCEEDED) {
            context.events().normal(sts, "RecreatingTerminatedPod",
                    "StatefulSet " + set + " is recreating terminated Pod " + name);
        }
        try {
            boolean deleted = !client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(name)
                    .delete().isEmpty();
            if (deleted) {
                context.events().normal(sts, "SuccessfulDelete", message("delete", name, sts, null));
            } else {
                context.expectations().deletionObserved(key, OwnedPodWrites.objectKey(pod));
            }
            return true;
        } catch (RuntimeException e) {
            context.expectations().deletionObserved(key, OwnedPodWrites.objectKey(pod));
            fail(sts, "FailedDelete", message("delete", name, sts, ApiErrors.message(e)), failure, context);
            return false;
        }
    }

    /** Kubernetes' wording: {@code create Pod web-0 in StatefulSet web successful} or {@code … failed error: …}. */
    static String message(String verb, String pod, StatefulSet sts, String error) {
        String head = verb + " Pod " + pod + " in StatefulSet " + sts.getMetadata().getName();
        return error == null ? head + " successful" : head + " failed error: " + error;
    }
}
