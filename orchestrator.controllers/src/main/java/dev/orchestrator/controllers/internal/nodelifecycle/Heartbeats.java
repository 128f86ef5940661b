package dev.orchestrator.controllers.internal.nodelifecycle;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this controller last saw each node's heartbeat change, on its own clock. The grace period runs from
 * that moment, not from the timestamp the node wrote, so a node whose clock is off is judged fairly; as in
 * Kubernetes the record lives in memory: after a restart (or a change of leader) every node gets a whole
 * grace period again, which only delays a verdict, never makes a wrong one.
 */
final class Heartbeats {

    private record Seen(String heartbeat, Instant at) {
    }

    private final Map<String, Seen> byNode = new ConcurrentHashMap<>();

    /**
     * @param heartbeat what the node last wrote (its Lease's renewTime, its Ready condition's heartbeat): any
     *     change is a sign of life
     * @return when the node was last seen alive
     */
    Instant lastAlive(String node, String heartbeat, Instant now) {
        return byNode.compute(node, (n, seen) -> seen == null || !seen.heartbeat.equals(heartbeat)
                ? new Seen(heartbeat, now) : seen).at;
    }

    void forget(String node) {
        byNode.remove(node);
    }
}
