package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The FailedScheduling message: how many nodes turned the pod away for which reason. */
final class FitFailure {

    private FitFailure() {
    }

    /**
     * @param nodes    nodes in the cluster
     * @param statuses the rejection of each node that rejected the pod
     * @return e.g. "0/5 nodes are available: 2 node(s) had untolerated taint {a: b}, 3 Insufficient cpu."
     */
    static String message(int nodes, Iterable<Status> statuses) {
        if (nodes == 0) {
            return "no nodes available to schedule pods";
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (Status s : statuses) {
            for (String reason : s.reasons()) {
                counts.merge(reason, 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((reason, count) -> parts.add(count + " " + reason));
        return "0/" + nodes + " nodes are available: " + String.join(", ", parts) + ".";
    }

    /** @return the message when PreFilter turned the pod away before any node was looked at */
    static String preFilterMessage(int nodes, Status status) {
        return message(nodes, java.util.Collections.nCopies(Math.max(nodes, 1), status));
    }
}
