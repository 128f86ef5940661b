package dev.orchestrator.api.scheduler;

import java.time.Duration;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The last word before binding (e.g. gang scheduling: wait until all members are placed). Runs on
 * the binding thread, so a waiting pod never holds up the next cycle.
 */
@ConsumerType
public interface PermitPlugin extends Plugin {

    /**
     * @return SUCCESS to bind; WAIT to be asked again shortly, until {@link #waitTimeout()} has
     *         passed (then the pod is rejected and retried); a rejection retries the pod
     */
    Status permit(CycleState state, PodInfo pod, String nodeName);

    default Duration waitTimeout() {
        return Duration.ofSeconds(10);
    }
}
