package dev.orchestrator.controllers.internal.nodelifecycle;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The taints this controller owns and what they should be: {@code not-ready} while the kubelet reports
 * Ready=False, {@code unreachable} while nobody knows (Ready=Unknown), each as NoSchedule (keeps new pods off) and
 * NoExecute (moves pods away once their toleration runs out), and {@code unschedulable:NoSchedule} for a cordoned
 * node. Every other taint is the kubelet's or the user's and is kept as it is.
 */
final class LifecycleTaints {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    static final String NO_SCHEDULE = "NoSchedule";
    static final String NO_EXECUTE = "NoExecute";

    private LifecycleTaints() {
    }

    /** The key of the Ready condition's status: not-ready for False, unreachable for Unknown, none for True. */
    static Optional<String> readinessKey(Optional<String> ready) {
        if (ready.isEmpty() || "True".equals(ready.get())) {
            return Optional.empty();
        }
        return Optional.of("False".equals(ready.get()) ? NOT_READY : UNREACHABLE);
    }

    /**
     * The node's taints once this controller's agree with the node.
     *
     * @param noSchedule the NoSchedule keys wanted (of {@link #NOT_READY}, {@link #UNREACHABLE}, {@link #UNSCHEDULABLE})
     * @param noExecute the NoExecute key wanted, if any (not-ready or unreachable)
     */
    static List<Taint> reconcile(List<Taint> current, Set<String> noSchedule, Optional<String> noExecute, Instant now) {
        List<Taint> result = new ArrayList<>();
        for (Taint taint : current) {
            if (!owned(taint) || wanted(taint, noSchedule, noExecute)) {
                result.add(taint);
            }
        }
        for (String key : noSchedule) {
            if (result.stream().noneMatch(t -> is(t, key, NO_SCHEDULE))) {
                result.add(new TaintBuilder().withKey(key).withEffect(NO_SCHEDULE).build());
            }
        }
        noExecute.filter(key -> result.stream().noneMatch(t -> is(t, key, NO_EXECUTE))).ifPresent(key ->
                result.add(new TaintBuilder().withKey(key).withEffect(NO_EXECUTE).withTimeAdded(now.toString()).build()));
        return result;
    }

    /**
     * Whether reaching {@code noExecute} newly taints the node NoExecute: it has neither lifecycle NoExecute taint
     * yet. Such a taint starts evicting, so it waits for the zone's rate limit; turning not-ready into unreachable
     * (or back) or removing one does not.
     */
    static boolean startsEviction(List<Taint> current, Optional<String> noExecute) {
        return noExecute.isPresent() && current.stream().noneMatch(t -> NO_EXECUTE.equals(t.getEffect())
                && (NOT_READY.equals(t.getKey()) || UNREACHABLE.equals(t.getKey())));
    }

    private static boolean owned(Taint taint) {
        String key = taint.getKey();
        if (NO_EXECUTE.equals(taint.getEffect())) {
            return NOT_READY.equals(key) || UNREACHABLE.equals(key);
        }
        return NO_SCHEDULE.equals(taint.getEffect())
                && (NOT_READY.equals(key) || UNREACHABLE.equals(key) || UNSCHEDULABLE.equals(key));
    }

    private static boolean wanted(Taint taint, Set<String> noSchedule, Optional<String> noExecute) {
        return NO_EXECUTE.equals(taint.getEffect()) ? noExecute.filter(taint.getKey()::equals).isPresent()
                : noSchedule.contains(taint.getKey());
    }

    private static boolean is(Taint taint, String key, String effect) {
        return key.equals(taint.getKey()) && effect.equals(taint.getEffect());
    }
}
