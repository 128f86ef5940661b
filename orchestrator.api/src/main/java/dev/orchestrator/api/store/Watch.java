package dev.orchestrator.api.store;

import org.osgi.annotation.versioning.ProviderType;

/** A running watch. Closing it stops delivery; closing twice does nothing. */
@ProviderType
public interface Watch extends AutoCloseable {

    /** Stops the watch; the listener then gets {@link WatchListener#onClose} with no error. */
    @Override
    void close();
}
