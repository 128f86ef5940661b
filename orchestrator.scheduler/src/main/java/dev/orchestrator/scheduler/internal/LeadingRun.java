package dev.orchestrator.scheduler.internal;

import dev.orchestrator.support.leader.LeaseLeadership;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's part while it leads: a fresh {@link SchedulerRun} (it lists again) each time
 * leadership is gained, closed when it is lost. Leader election itself is the shared
 * {@link LeaseLeadership}.
 */
final class LeadingRun implements LeaseLeadership.Role {

    private static final Logger LOG = LoggerFactory.getLogger(LeadingRun.class);

    private final Supplier<SchedulerRun> runs;
    /** Volatile: the metrics read it without waiting for a run to start or stop. */
    private volatile SchedulerRun run;

    LeadingRun(Supplier<SchedulerRun> runs) {
        this.runs = runs;
    }

    @Override
    public synchronized void startLeading() {
        if (run == null) {
            LOG.info("leading, starting to schedule");
            run = runs.get();
            run.start();
        }
    }

    @Override
    public synchronized void stopLeading() {
        if (run != null) {
            LOG.info("no longer leading, stopping the scheduler");
            run.close();
            run = null;
        }
    }

    /** The queue depths of the run while this instance leads, else none. */
    SchedulerMetrics.QueueDepths queueDepths() {
        SchedulerRun current = run;
        return current == null ? SchedulerMetrics.QueueDepths.NONE : current.queueDepths();
    }

    synchronized void pluginsChanged() {
        if (run != null) {
            run.pluginsChanged();
        }
    }
}
