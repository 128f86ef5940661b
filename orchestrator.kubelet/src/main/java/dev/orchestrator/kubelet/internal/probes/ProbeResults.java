package dev.orchestrator.kubelet.internal.probes;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest verdict of each probe by container id, and the containers whose liveness or startup
 * probe failed for good (to be killed by the next pod sync). In memory only: a new kubelet probes
 * from scratch (readiness false until the first success, liveness passing, startup not started),
 * as Kubernetes' does, and kills nothing it has not itself seen fail.
 */
final class ProbeResults {

    private final Map<String, Map<ProbeKind, Boolean>> verdicts = new ConcurrentHashMap<>();
    private final Map<String, ProbeKind> failed = new ConcurrentHashMap<>();

    /** @return whether the verdict changed */
    boolean set(String containerId, ProbeKind kind, boolean passing) {
        Map<ProbeKind, Boolean> of = verdicts.computeIfAbsent(containerId, id -> new EnumMap<>(ProbeKind.class));
        synchronized (of) {
            Boolean before = of.put(kind, passing);
            return before == null || before != passing;
        }
    }

    /** Sets the initial verdict unless there is one. */
    void init(String containerId, ProbeKind kind) {
        Map<ProbeKind, Boolean> of = verdicts.computeIfAbsent(containerId, id -> new EnumMap<>(ProbeKind.class));
        synchronized (of) {
            of.putIfAbsent(kind, kind.initiallyPassing());
        }
    }

    boolean passing(String containerId, ProbeKind kind) {
        Map<ProbeKind, Boolean> of = verdicts.get(containerId);
        if (of == null) {
            return kind.initiallyPassing();
        }
        synchronized (of) {
            return of.getOrDefault(kind, kind.initiallyPassing());
        }
    }

    void markFailed(String containerId, ProbeKind kind) {
        failed.put(containerId, kind);
    }

    /** The probe (liveness or startup) whose failure means the container must be killed. */
    Optional<ProbeKind> failed(String containerId) {
        return Optional.ofNullable(failed.get(containerId));
    }

    void remove(String containerId) {
        verdicts.remove(containerId);
        failed.remove(containerId);
    }
}
