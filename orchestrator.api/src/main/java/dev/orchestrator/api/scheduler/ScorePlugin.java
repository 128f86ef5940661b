package dev.orchestrator.api.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/** Ranks the nodes that passed filtering. */
@ConsumerType
public interface ScorePlugin {

    /** @return a score from 0 (worst) to 100 (best) */
    int score(Object pod, Object node);
}
