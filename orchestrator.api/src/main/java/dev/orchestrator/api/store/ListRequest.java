package dev.orchestrator.api.store;

import java.util.Optional;

/**
 * What to list.
 *
 * @param prefix     keys starting with this (must start with {@code /})
 * @param revision   the revision to read at, or 0 for the newest
 * @param limit      the most entries to return, or 0 for all
 * @param startAfter continue a paged listing after this key (from {@link ListResult#continueAfter()})
 */
public record ListRequest(String prefix, long revision, int limit, Optional<String> startAfter) {

    public ListRequest {
        if (revision < 0) {
            throw new IllegalArgumentException("revision must be >= 0, was " + revision);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
    }

    /** Everything under {@code prefix} at the newest revision. */
    public static ListRequest all(String prefix) {
        return new ListRequest(prefix, 0, 0, Optional.empty());
    }

    /** The first page of at most {@code limit} entries at the newest revision. */
    public static ListRequest firstPage(String prefix, int limit) {
        return new ListRequest(prefix, 0, limit, Optional.empty());
    }

    /** The page after {@code previous}, at the same revision and with the same limit. */
    public ListRequest next(ListResult previous) {
        return new ListRequest(prefix, previous.revision(), limit, previous.continueAfter());
    }
}
