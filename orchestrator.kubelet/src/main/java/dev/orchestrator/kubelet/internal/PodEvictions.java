package dev.orchestrator.kubelet.internal;

import dev.orchestrator.kubelet.internal.eviction.NodePressure;
import dev.orchestrator.kubelet.internal.eviction.PodEvictor;
import dev.orchestrator.kubelet.internal.eviction.PressureAdmission;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The pods this kubelet evicted (or refused under pressure) whose Failed status the API does not
 * show yet. An eviction is carried out by the pod's own sync ({@link PodSync}), so that it never
 * races with a sync restarting the containers it stops; the mark stays until the pod is seen
 * finished or gone, so that no sync in between starts the pod again. Kept in memory only: a
 * kubelet restarted before the status was written runs the pod again, and evicts it again if the
 * pressure is still there.
 */
final class PodEvictions implements PodEvictor {

    /**
     * Why and how a pod is evicted.
     *
     * @param statusMessage the pod's status message (a refusal says "Pod was rejected: " first, as in Kubernetes)
     */
    record Eviction(String message, String statusMessage, Duration grace, boolean nodePressure) {
    }

    private final KubeletEvents events;
    private final Consumer<String> sync;
    private final Supplier<NodePressure> pressure;
    /** uid → the eviction; in {@link #finished} once its pod is stopped and its status written. */
    private final Map<String, Eviction> pending = new ConcurrentHashMap<>();
    private final Map<String, Boolean> finished = new ConcurrentHashMap<>();

    /**
     * @param sync enqueues a pod's sync by uid
     * @param pressure the node's pressure now (for admitting new pods)
     */
    PodEvictions(KubeletEvents events, Consumer<String> sync, Supplier<NodePressure> pressure) {
        this.events = events;
        this.sync = sync;
        this.pressure = pressure;
    }

    @Override
    public void evict(Pod pod, String message, Duration grace, boolean nodePressure) {
        mark(pod, new Eviction(message, message, grace, nodePressure), true);
    }

    @Override
    public boolean inProgress() {
        return pending.keySet().stream().anyMatch(uid -> !finished.containsKey(uid));
    }

    /**
     * Refuses a pod that has not started yet when the node's pressure says so (called by its own
     * sync, which then carries the refusal out); whether it was refused.
     */
    boolean refuseUnderPressure(Pod pod) {
        Optional<String> why = PressureAdmission.refusal(pod, pressure.get());
        why.ifPresent(message -> mark(pod, new Eviction(message, "Pod was rejected: " + message, Duration.ZERO, false),
                false));
        return why.isPresent();
    }

    private void mark(Pod pod, Eviction eviction, boolean enqueue) {
        String uid = pod.getMetadata().getUid();
        if (pending.putIfAbsent(uid, eviction) == null) {
            events.warning(pod, "Evicted", eviction.message());
            if (enqueue) {
                sync.accept(uid);
            }
        }
    }

    Optional<Eviction> of(String uid) {
        return Optional.ofNullable(pending.get(uid));
    }

    boolean isEvicted(String uid) {
        return pending.containsKey(uid);
    }

    /** The pod is stopped and its status written. */
    void finished(String uid) {
        if (pending.containsKey(uid)) {
            finished.put(uid, true);
        }
    }

    /** The API shows the pod finished, or it is gone: nothing more to remember. */
    void forget(String uid) {
        pending.remove(uid);
        finished.remove(uid);
    }
}
