package dev.orchestrator.api.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items         entries in ascending key order
 * @param revision      the revision the page was read at; later pages must pass it
 * @param continueAfter present when more entries may follow: the key to continue after
 */
public record ListResult(List<KeyValue> items, long revision, Optional<String> continueAfter) {

    public ListResult {
        items = List.copyOf(items);
    }

    /** @return whether a further page may hold entries */
    public boolean hasMore() {
        return continueAfter.isPresent();
    }
}
