package dev.orchestrator.store.backup;

import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.ListResult;
import dev.orchestrator.api.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * Writes every key of a {@link Store} under a prefix as a snapshot, read page by page at the revision of the first
 * page: the store keeps serving writes meanwhile, and the file is still one consistent point in time. A compaction
 * past that revision while the snapshot runs fails it (an {@code ExpiredException}); the interval of automatic
 * compaction keeps at least one interval of history, which bounds how long a backup may take.
 */
public final class StoreSnapshot {

    /** Keys under this prefix are the cluster's state (see the API server's ResourceType). */
    public static final String PREFIX = "/registry/";
    private static final int PAGE = 500;

    private StoreSnapshot() {
    }

    /**
     * @param progress called after each page with the number of keys written so far
     * @return what was written
     */
    public static SnapshotSummary write(Store store, String prefix, OutputStream out, LongConsumer progress)
            throws IOException {
        ListResult page = store.list(ListRequest.firstPage(prefix, PAGE));
        SnapshotWriter writer = new SnapshotWriter(out, page.revision());
        ListRequest request = ListRequest.firstPage(prefix, PAGE);
        while (true) {
            for (KeyValue kv : page.items()) {
                writer.write(SnapshotEntry.of(kv));
            }
            progress.accept(writer.count());
            if (!page.hasMore()) {
                return writer.finish();
            }
            request = request.next(page);
            page = store.list(request);
        }
    }
}
