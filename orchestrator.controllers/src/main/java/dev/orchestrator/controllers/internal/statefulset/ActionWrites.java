package dev.orchestrator.controllers.internal.statefulset;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Expectations;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.controllers.internal.ApiErrors;
import dev.orchestrator.controllers.internal.statefulset.OrderedActions.Actions;
import dev.orchestrator.controllers.internal.statefulset.OrderedActions.Create;
import dev.orchestrator.controllers.internal.statefulset.OrderedActions.Delete;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Carries out one round's {@link Actions} with Kubernetes' events. Every write is announced to the expectations
 * first and every write that will not show up in the cache is taken back, so the next round plans on a cache that
 * holds this one's writes; a pod name is therefore never created twice by a slow watch.
 *
 * <p>The expectations hold creations or deletions of a set, not both, so a round with both (Parallel only) runs the
 * deletions and leaves the creations to the next round, which the deletions' events start.
 */
final class ActionWrites {

    private final KubernetesClient client;

    ActionWrites(KubernetesClient client) {
        this.client = client;
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

    private Optional<String> create(StatefulSet sts, List<Create> creates, Function<Create, Pod> podOf, Request key,
                                    Context context) {
        Expectations expectations = context.expectations();
        expectations.expectCreations(key, creates.size());
        String failure = null;
        boolean stop = false;
        for (Create create : creates) {
            if (stop || context.cancelled()) {
                expectations.creationObserved(key);
                continue;
            }
            Pod pod = podOf.apply(create);
            String name = pod.getMetadata().getName();
            if (context.lister(Pod.class).get(pod.getMetadata().getNamespace(), name).isPresent()) {
                // the cache has a pod of this name that is not the set's (released, or another owner's)
                expectations.creationObserved(key);
                failure = message("create", name, sts, "pods \"" + name + "\" already exists");
                context.events().warning(sts, "FailedCreate", failure);
                stop = true;
                continue;
            }
            try {
                ensureClaims(sts, create.ordinal(), context);
                client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
                context.events().normal(sts, "SuccessfulCreate", message("create", name, sts, null));
            } catch (RuntimeException e) {
                if (ApiErrors.code(e) == 409) {
                    continue; // made by an earlier round and not cached yet: its add event fulfils the expectation
                }
                expectations.creationObserved(key);
                stop = true;
                if (!ApiErrors.namespaceTerminating(e)) { // else the namespace's deletion takes the set too
                    failure = message("create", name, sts, ApiErrors.message(e));
                    context.events().warning(sts, "FailedCreate", failure);
                }
            }
        }
        return Optional.ofNullable(failure);
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
        Expectations expectations = context.expectations();
        expectations.expectDeletions(key, deletes.stream().map(d -> objectKey(d.pod())).toList());
        String failure = null;
        for (Delete delete : deletes) {
            Pod pod = delete.pod();
            String name = pod.getMetadata().getName();
            String set = sts.getMetadata().getNamespace() + "/" + sts.getMetadata().getName();
            if (delete.reason() == OrderedActions.Reason.FAILED) {
                context.events().warning(sts, "RecreatingFailedPod",
                        "StatefulSet " + set + " is recreating failed Pod " + name);
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
                    expectations.deletionObserved(key, objectKey(pod));
                }
            } catch (RuntimeException e) {
                expectations.deletionObserved(key, objectKey(pod));
                failure = message("delete", name, sts, ApiErrors.message(e));
                context.events().warning(sts, "FailedDelete", failure);
            }
        }
        return Optional.ofNullable(failure);
    }

    /** Kubernetes' wording: {@code create Pod web-0 in StatefulSet web successful} or {@code … failed error: …}. */
    static String message(String verb, String pod, StatefulSet sts, String error) {
        String head = verb + " Pod " + pod + " in StatefulSet " + sts.getMetadata().getName();
        return error == null ? head + " successful" : head + " failed error: " + error;
    }

    static String objectKey(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
