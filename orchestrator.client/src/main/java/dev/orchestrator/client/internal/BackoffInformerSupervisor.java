package dev.orchestrator.client.internal;

import dev.orchestrator.client.InformerSupervisor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises informers with fabric8's own retry: an informer's exception handler decides whether
 * its Reflector lists and watches again after a failure, and fabric8's default answers no before
 * the first successful list and for every watch error. Answering yes always makes the Reflector
 * reschedule {@code listSyncAndWatch} with its exponential back-off (the client's
 * watchReconnectInterval, 1 s, doubled per attempt up to 2^5 times, reset after a success), so
 * the back-off is fabric8's, the decision and the log line are ours.
 */
final class BackoffInformerSupervisor implements InformerSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(BackoffInformerSupervisor.class);

    private final InformerCounters counters;

    BackoffInformerSupervisor(InformerCounters counters) {
        this.counters = counters;
    }

    @Override
    public <T extends HasMetadata> CompletableFuture<Void> start(SharedIndexInformer<T> informer) {
        String kind = informer.getApiTypeClass().getSimpleName();
        informer.exceptionHandler((started, failure) -> {
            counters.restart(kind);
            LOG.warn("informer failed, listing and watching again after a back-off kind={} informer={} "
                    + "startedBefore={} error={}", kind, informer, started, describe(failure));
            return true;
        });
        return informer.start().toCompletableFuture();
    }

    /** The chain of causes in one line: fabric8 wraps the decode or connection problem twice. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 600; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(firstLine(t.getMessage()));
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
