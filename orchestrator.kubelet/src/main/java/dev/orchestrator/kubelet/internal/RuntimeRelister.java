package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Notices what happens inside the runtime (a container exits, is killed from outside, a sandbox
 * dies) by listing the node's sandboxes and containers periodically and comparing with the last
 * listing; each pod whose containers changed is synced. (containerd 1.6 has no event stream in the
 * CRI; Kubernetes' kubelet relists the same way.)
 */
final class RuntimeRelister {

    private final Supplier<List<ContainerRuntime>> runtimes;
    private final String node;
    private final Consumer<String> changed;
    private Map<String, String> last = Map.of();

    /** @param runtimes every runtime the kubelet's pods may run on (the default one and those of RuntimeClasses) */
    RuntimeRelister(Supplier<List<ContainerRuntime>> runtimes, String node, Consumer<String> changed) {
        this.runtimes = runtimes;
        this.node = node;
        this.changed = changed;
    }

    /** One relist; pods whose runtime state differs from the last relist are reported. */
    void relist() {
        List<ContainerRuntime> all = runtimes.get();
        if (all.isEmpty()) {
            return;
        }
        Map<String, String> now = new HashMap<>();
        try {
            Map<String, String> labels = Map.of(RuntimeLabels.NODE, node);
            for (ContainerRuntime rt : all) {
                for (SandboxStatus s : rt.sandboxes().list(labels)) {
                    now.merge(s.uid(), s.id() + ":" + s.state() + ";", String::concat);
                }
                for (ContainerStatus c : rt.containers().list(Optional.empty(), labels)) {
                    String uid = c.labels().get(RuntimeLabels.POD_UID);
                    if (uid != null) {
                        now.merge(uid, c.id() + ":" + c.state() + ";", String::concat);
                    }
                }
            }
        } catch (ContainerRuntimeException e) {
            return; // the node status reports the runtime's health; pods are synced again when it answers
        }
        Set<String> uids = new HashSet<>(now.keySet());
        uids.addAll(last.keySet());
        for (String uid : uids) {
            if (!java.util.Objects.equals(now.get(uid), last.get(uid))) {
                changed.accept(uid);
            }
        }
        last = now;
    }

    /** Pods that have anything in the runtime, as of the last relist. */
    Set<String> knownPods() {
        return Set.copyOf(last.keySet());
    }
}
