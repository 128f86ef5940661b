package dev.orchestrator.api.store;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the events of one watch. Calls for one watch never overlap and come in
 * revision order. Implementations must return quickly: hand work to another thread
 * rather than block the store's delivery thread.
 */
@ConsumerType
public interface WatchListener {

    /** A batch of events in ascending revision order (never empty). */
    void onEvents(List<WatchEvent> events);

    /**
     * The watch ended; no further calls follow.
     *
     * @param error empty when the watch was closed by its owner, else why it ended
     *              ({@link WatchOverflowException}, {@link ExpiredException},
     *              {@link StoreUnavailableException})
     */
    void onClose(Optional<StoreException> error);
}
