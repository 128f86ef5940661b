package dev.orchestrator.api.scheduler;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Ranks feasible nodes. Scores end between 0 and {@link #MAX_SCORE} (after {@link #normalize}); the
 * framework sums each plugin's score times its weight and picks the highest (ties at random).
 */
@ConsumerType
public interface ScorePlugin extends Plugin {

    long MAX_SCORE = 100;

    /** @return this node's raw score; called for many nodes in parallel */
    long score(CycleState state, PodInfo pod, NodeInfo node);

    /**
     * Rescales raw scores into 0..{@link #MAX_SCORE} when they are not already; called once per cycle
     * with the scores of all scored nodes.
     *
     * @param nodes  the scored nodes
     * @param scores their scores, same order; change in place
     */
    default void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
    }
}
