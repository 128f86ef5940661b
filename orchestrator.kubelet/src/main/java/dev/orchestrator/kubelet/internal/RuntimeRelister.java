package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Notices what happens inside the runtimes (a container exits, is killed from outside, a sandbox
 * dies) by listing the node's sandboxes and containers of each runtime periodically and comparing
 * with its last listing; each pod whose containers changed is synced. (containerd 1.6 has no event
 * stream in the CRI; Kubernetes' kubelet relists the same way.) A runtime that does not answer
 * keeps its last listing, so it neither hides the changes of the others nor makes its pods look
 * changed.
 */
final class RuntimeRelister {

    private final Supplier<List<ContainerRuntime>> runtimes;
    private final String node;
    private final Consumer<String> changed;
    /** The last listing of each runtime instance: pod uid → its sandboxes' and containers' ids and states. */
    private volatile Map<ContainerRuntime, Map<String, String>> last = new IdentityHashMap<>();

    /** @param runtimes every runtime the kubelet's pods may run on (the default one and those of RuntimeClasses) */
    RuntimeRelister(Supplier<List<ContainerRuntime>> runtimes, String node, Consumer<String> changed) {
        this.runtimes = runtimes;
        this.node = node;
        this.changed = changed;
    }

    /** One relist; pods whose runtime state differs from the last relist are reported. */
    void relist() {
        Map<ContainerRuntime, Map<String, String>> now = new IdentityHashMap<>();
        for (ContainerRuntime rt : runtimes.get()) {
            Map<String, String> before = last.getOrDefault(rt, Map.of());
            Map<String, String> listed;
            try {
                listed = list(rt);
            } catch (ContainerRuntimeException e) {
                // the node status reports the default runtime's health; pods are synced again when it answers
                now.put(rt, before);
                continue;
            }
            now.put(rt, listed);
            Set<String> uids = new HashSet<>(listed.keySet());
            uids.addAll(before.keySet());
            for (String uid : uids) {
                if (!Objects.equals(listed.get(uid), before.get(uid))) {
                    changed.accept(uid);
                }
            }
        }
        last = now;
    }

    private Map<String, String> list(ContainerRuntime rt) {
        Map<String, String> listed = new HashMap<>();
        Map<String, String> labels = Map.of(RuntimeLabels.NODE, node);
        for (SandboxStatus s : rt.sandboxes().list(labels)) {
            listed.merge(s.uid(), s.id() + ":" + s.state() + ";", String::concat);
        }
        for (ContainerStatus c : rt.containers().list(Optional.empty(), labels)) {
            String uid = c.labels().get(RuntimeLabels.POD_UID);
            if (uid != null) {
                listed.merge(uid, c.id() + ":" + c.state() + ";", String::concat);
            }
        }
        return listed;
    }

    /** Pods that have anything in any runtime, as of the last relist. */
    Set<String> knownPods() {
        Set<String> uids = new HashSet<>();
        last.values().forEach(m -> uids.addAll(m.keySet()));
        return Set.copyOf(uids);
    }
}
