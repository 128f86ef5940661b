package dev.orchestrator.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the pods of one app label over a rollout and keeps, after every event, the extremes of
 * what a user would care about: the most pods alive at once (not terminating, not finished), the
 * fewest ready among them, and the most pod templates alive at once ({@code pod-template-hash}
 * values). Every event is one state of the store, so the extremes are states that really existed.
 */
final class RolloutWatch implements AutoCloseable {

    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final Set<String> added = ConcurrentHashMap.newKeySet();
    private final Watch watch;
    private int maxAlive;
    private int minReady = Integer.MAX_VALUE;
    private int maxTemplates;
    private volatile WatcherException closedBy;

    RolloutWatch(KubernetesClient client, String app) {
        watch = client.pods().inNamespace("default").withLabel("app", app).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                record(action, pod);
            }

            @Override
            public void onClose(WatcherException cause) {
                closedBy = cause;
            }
        });
    }

    private synchronized void record(Watcher.Action action, Pod pod) {
        String name = pod.getMetadata().getName();
        if (action == Watcher.Action.ADDED) {
            added.add(name);
        }
        if (action == Watcher.Action.DELETED) {
            pods.remove(name);
        } else {
            pods.put(name, pod);
        }
        int alive = 0;
        int ready = 0;
        Set<String> templates = new java.util.HashSet<>();
        for (Pod p : pods.values()) {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
            if (!finished) {
                templates.add(p.getMetadata().getLabels().getOrDefault("pod-template-hash", ""));
            }
            if (finished || p.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            alive++;
            if (p.getStatus() != null && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                ready++;
            }
        }
        maxAlive = Math.max(maxAlive, alive);
        minReady = Math.min(minReady, ready);
        maxTemplates = Math.max(maxTemplates, templates.size());
    }

    /** Forgets the extremes seen so far (after the initial roll-out, before the one under test). */
    synchronized void resetExtremes() {
        maxAlive = 0;
        minReady = Integer.MAX_VALUE;
        maxTemplates = 0;
        added.clear();
    }

    synchronized int maxAlive() {
        return maxAlive;
    }

    synchronized int minReady() {
        return minReady;
    }

    synchronized int maxTemplates() {
        return maxTemplates;
    }

    /** Names of the pods added since the last reset. */
    synchronized Set<String> added() {
        return Set.copyOf(added);
    }

    /** Why the watch closed early, if it did: extremes after that point would be missing. */
    WatcherException closedBy() {
        return closedBy;
    }

    @Override
    public void close() {
        watch.close();
    }
}
