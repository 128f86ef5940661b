package dev.orchestrator.controllers.internal.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one round of the StatefulSet controller does to its pods, as a pure function of the set, its pods and its
 * revisions, by Kubernetes' rules:
 * <ol>
 * <li>Ordinals {@code start .. start+replicas-1}, lowest first: a missing pod is created; a Failed or Succeeded one
 * is deleted (and created again once it is gone). With OrderedReady the round stops at the first ordinal that is
 * missing, being deleted, or not Running and Ready for minReadySeconds: a pod is only made when all below it
 * serve.</li>
 * <li>Pods beyond the range are deleted, highest first; with OrderedReady one at a time, and only once every pod in
 * the range serves and no earlier deletion is still in progress. Scaling comes before updating.</li>
 * <li>RollingUpdate: when every pod in the range serves (at most one unavailable, also with Parallel), the pod with
 * the highest ordinal at or above the partition that is not of the update revision is deleted; its recreation gets
 * the new template. OnDelete leaves updates to the user.</li>
 * </ol>
 * Stopping at the first pod that does not serve is what makes OrderedReady safe for quorum systems: a member is
 * never added or replaced while another is down.
 */
final class OrderedActions {

    private OrderedActions() {
    }

    /** Why a pod is deleted: it decides the event. */
    enum Reason { FAILED, SUCCEEDED, SCALE_DOWN, UPDATE }

    /** A pod to create: its ordinal and the name of the revision to make it from. */
    record Create(int ordinal, String revision) {
    }

    record Delete(Pod pod, Reason reason) {
    }

    /** One round's writes, creations in ordinal order, deletions in the order to run them. */
    record Actions(List<Create> creates, List<Delete> deletes) {
        Actions {
            creates = List.copyOf(creates);
            deletes = List.copyOf(deletes);
        }

        boolean none() {
            return creates.isEmpty() && deletes.isEmpty();
        }
    }

    /**
     * @param pods the set's pods (claimed, members by name), in any order
     * @param now the time against which minReadySeconds is measured
     */
    static Actions plan(StatefulSet sts, List<Pod> pods, RevisionPair revisions, Instant now) {
        int start = StatefulSetSpecs.start(sts);
        int end = start + StatefulSetSpecs.replicas(sts);
        Map<Integer, Pod> range = new TreeMap<>();
        List<Pod> condemned = new ArrayList<>();
        for (Pod pod : pods) {
            int ordinal = StatefulPods.ordinalOf(sts, pod).orElse(-1);
            if (ordinal < 0) {
                continue;
            }
            if (ordinal >= start && ordinal < end) {
                range.put(ordinal, pod);
            } else {
                condemned.add(pod);
            }
        }
        condemned.sort(Comparator.comparingInt((Pod p) -> StatefulPods.ordinalOf(sts, p).orElse(-1)).reversed());
        List<Create> creates = new ArrayList<>();
        List<Delete> deletes = new ArrayList<>();
        Round round = new Round(sts, now, creates, deletes);
        if (round.fillRange(range, start, end, revisions) && round.condemn(condemned)
                && !StatefulSetSpecs.onDelete(sts)) {
            round.update(range, start, end, revisions);
        }
        return new Actions(creates, deletes);
    }

    /** The working state of one plan; each step returns false when OrderedReady must stop there. */
    private record Round(StatefulSet sts, Instant now, List<Create> creates, List<Delete> deletes) {

        private boolean monotonic() {
            return !StatefulSetSpecs.parallel(sts);
        }

        private boolean healthy(Pod pod) {
            return StatefulPods.healthy(pod, StatefulSetSpecs.minReadySeconds(sts), now);
        }

        boolean fillRange(Map<Integer, Pod> range, int start, int end, RevisionPair revisions) {
            for (int ordinal = start; ordinal < end; ordinal++) {
                Pod pod = range.get(ordinal);
                boolean proceed;
                if (pod == null) {
                    creates.add(new Create(ordinal, revisionFor(ordinal, revisions)));
                    proceed = false;
                } else if (StatefulPods.terminating(pod)) {
                    proceed = false; // the same name can only be created again once the old pod is gone
                } else if (StatefulPods.failed(pod) || StatefulPods.succeeded(pod)) {
                    deletes.add(new Delete(pod, StatefulPods.failed(pod) ? Reason.FAILED : Reason.SUCCEEDED));
                    proceed = false;
                } else {
                    proceed = healthy(pod);
                }
                if (!proceed && monotonic()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A pod is recreated from the current revision below the partition of a rolling update, so that deleting
         * one there does not update it; everywhere else (and always with OnDelete) from the update revision.
         */
        private String revisionFor(int ordinal, RevisionPair revisions) {
            if (!StatefulSetSpecs.onDelete(sts) && ordinal < StatefulSetSpecs.partition(sts)) {
                return revisions.current();
            }
            return revisions.update();
        }

        /** @param condemned the pods beyond the range, highest ordinal first */
        boolean condemn(List<Pod> condemned) {
            for (Pod pod : condemned) {
                if (!StatefulPods.terminating(pod)) {
                    deletes.add(new Delete(pod, Reason.SCALE_DOWN));
                }
                if (monotonic()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * One pod at a time, and only when all serve: a pod is replaced only when the one replaced before came
         * back, which is what {@code kubectl rollout status} follows.
         */
        void update(Map<Integer, Pod> range, int start, int end, RevisionPair revisions) {
            for (int ordinal = start; ordinal < end; ordinal++) {
                Pod pod = range.get(ordinal);
                if (pod == null || !healthy(pod)) {
                    return;
                }
            }
            int lowest = Math.max(start, StatefulSetSpecs.partition(sts));
            for (int ordinal = end - 1; ordinal >= lowest; ordinal--) {
                Pod pod = range.get(ordinal);
                if (!revisions.update().equals(StatefulPods.revisionOf(pod))) {
                    deletes.add(new Delete(pod, Reason.UPDATE));
                    return;
                }
            }
        }
    }
}
