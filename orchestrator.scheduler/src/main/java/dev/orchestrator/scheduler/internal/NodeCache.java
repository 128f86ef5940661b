package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.support.scheduling.NodeInfos;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nodes and the pods on them, as the informers report them plus the pods this scheduler has
 * <em>assumed</em>: placed in a cycle, with their binding still in flight. Assuming lets the next
 * cycle see the reservation without waiting for the binding to come back through the watch.
 * Snapshots are rebuilt only when something changed since the last one.
 */
final class NodeCache {

    /** Nodes in a stable order (a snapshot copies this list), and each one's position in it. */
    private final List<NodeInfo> nodes = new ArrayList<>();
    private Map<String, Integer> positions = new HashMap<>();
    private boolean positionsChanged;
    /** Node of every pod the cache holds (bound or assumed), by pod key. */
    private final Map<String, String> podNodes = new HashMap<>();
    /** Pods bound on nodes the cache does not know yet, so they count once the node appears. */
    private final Map<String, Map<String, PodInfo>> orphans = new HashMap<>();
    private final Set<String> assumed = new HashSet<>();
    /** Nodes holding pods with required anti-affinity, which every cycle must look at. */
    private final Set<String> withAntiAffinity = new HashSet<>();
    private Snapshot snapshot = Snapshot.EMPTY;
    private boolean changed;

    synchronized void putNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo current = get(name);
        NodeInfo info = current == null ? NodeInfos.of(node) : NodeInfos.withNode(current, node);
        if (current == null) {
            Map<String, PodInfo> waiting = orphans.remove(name);
            if (waiting != null) {
                for (PodInfo p : waiting.values()) {
                    info = NodeInfos.withPod(info, p);
                }
            }
        }
        set(name, info);
    }

    synchronized void removeNode(String name) {
        Integer at = positions.get(name);
        if (at != null) {
            NodeInfo gone = nodes.remove((int) at);
            withAntiAffinity.remove(name);
            positions = new HashMap<>(positions.size());
            for (int i = 0; i < nodes.size(); i++) {
                positions.put(nodes.get(i).name(), i);
            }
            positionsChanged = true;
            // its pods stay known, so they count if the node comes back
            Map<String, PodInfo> keep = orphans.computeIfAbsent(name, n -> new HashMap<>());
            gone.pods().forEach(p -> keep.put(p.key(), p));
            changed = true;
        }
    }

    /** A pod the API reports bound to a node (a new pod, an update, or the binding of an assumed one). */
    synchronized void putBoundPod(PodInfo pod, String nodeName) {
        String key = pod.key();
        assumed.remove(key);
        String previous = podNodes.put(key, nodeName);
        if (previous != null && !previous.equals(nodeName)) {
            detach(key, previous);
        }
        attach(pod, nodeName);
    }

    /** A pod that left: deleted, or finished (terminal pods take no resources). */
    /** @return whether the cache held the pod */
    synchronized boolean removePod(String key) {
        assumed.remove(key);
        String node = podNodes.remove(key);
        if (node != null) {
            detach(key, node);
        }
        return node != null;
    }

    /** Places a pod on a node before its binding is confirmed. */
    synchronized void assume(PodInfo pod, String nodeName) {
        podNodes.put(pod.key(), nodeName);
        assumed.add(pod.key());
        attach(pod, nodeName);
    }

    /** Undoes {@link #assume} after a failed binding; no-op when the binding was confirmed meanwhile. */
    synchronized void forget(String key) {
        if (assumed.remove(key)) {
            String node = podNodes.remove(key);
            if (node != null) {
                detach(key, node);
            }
        }
    }

    synchronized boolean isAssumed(String key) {
        return assumed.contains(key);
    }

    /** @return the cache as it is now; the same instance while nothing changed */
    synchronized Snapshot snapshot() {
        if (changed) {
            Map<String, Integer> index = positionsChanged ? Map.copyOf(positions) : snapshot.index();
            List<NodeInfo> anti = new ArrayList<>(withAntiAffinity.size());
            for (String name : withAntiAffinity) {
                anti.add(get(name));
            }
            // one array copy per cycle (List.copyOf would copy twice and null-check 5,000 entries)
            snapshot = new Snapshot(Collections.unmodifiableList(Arrays.asList(nodes.toArray(new NodeInfo[0]))),
                    index, List.copyOf(anti));
            changed = false;
            positionsChanged = false;
        }
        return snapshot;
    }

    synchronized int nodeCount() {
        return nodes.size();
    }

    private NodeInfo get(String name) {
        Integer at = positions.get(name);
        return at == null ? null : nodes.get(at);
    }

    private void set(String name, NodeInfo info) {
        Integer at = positions.get(name);
        if (at == null) {
            positions.put(name, nodes.size());
            nodes.add(info);
            positionsChanged = true;
        } else {
            nodes.set(at, info);
        }
        if (info.antiAffinityPods().isEmpty()) {
            withAntiAffinity.remove(name);
        } else {
            withAntiAffinity.add(name);
        }
        changed = true;
    }

    private void attach(PodInfo pod, String nodeName) {
        NodeInfo info = get(nodeName);
        if (info == null) {
            orphans.computeIfAbsent(nodeName, n -> new HashMap<>()).put(pod.key(), pod);
        } else {
            set(nodeName, NodeInfos.withPod(info, pod));
        }
    }

    private void detach(String key, String nodeName) {
        NodeInfo info = get(nodeName);
        if (info == null) {
            Map<String, PodInfo> waiting = orphans.get(nodeName);
            if (waiting != null && waiting.remove(key) != null && waiting.isEmpty()) {
                orphans.remove(nodeName);
            }
        } else {
            set(nodeName, NodeInfos.withoutPod(info, key));
        }
    }
}
