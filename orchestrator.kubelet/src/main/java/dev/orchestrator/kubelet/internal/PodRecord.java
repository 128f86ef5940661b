package dev.orchestrator.kubelet.internal;

import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the kubelet remembers of a pod between syncs that the runtime cannot tell it: why a
 * container is waiting (shown in its status), when the pod was first seen, and the status last
 * written (so an unchanged status is not written again). Losing it (a kubelet restart) costs one
 * status write and the waiting reasons until the next sync, nothing more.
 */
final class PodRecord {

    final Map<String, ContainerWaiting> waiting = new ConcurrentHashMap<>();
    volatile Instant startTime;
    volatile PodStatus lastWrittenStatus;

    PodRecord(Instant startTime) {
        this.startTime = startTime;
    }
}
