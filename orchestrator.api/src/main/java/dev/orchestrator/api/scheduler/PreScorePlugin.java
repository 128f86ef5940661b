package dev.orchestrator.api.scheduler;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** Once per cycle, before scoring: precompute over the feasible nodes. */
@ConsumerType
public interface PreScorePlugin extends Plugin {

    /** @return SUCCESS; SKIP when this plugin's Score has nothing to say for this pod */
    Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes);
}
