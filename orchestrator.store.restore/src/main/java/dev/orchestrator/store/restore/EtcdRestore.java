package dev.orchestrator.store.restore;

import dev.orchestrator.store.backup.SnapshotEntry;
import dev.orchestrator.store.backup.SnapshotSummary;
import dev.orchestrator.store.backup.StoreSnapshot;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Restores a snapshot into an etcd by writing its keys again (etcd's own snapshot format does not apply: the
 * snapshot is read through the Store SPI, so one file serves both stores).
 *
 * <p>Revisions: etcd gives every write the next revision and cannot be told another. Keys are therefore written
 * in the order of their original modification revisions, and before each key, writes to a padding key outside
 * {@code /registry/} raise etcd's revision to one below the key's original one: in an etcd that starts below the
 * snapshot's revision (a new one), every key gets back exactly its modification revision (its resourceVersion),
 * and the revision ends at or above the snapshot's. Create revisions are not kept (etcd sets them to the first
 * write). The padding key is deleted and etcd compacted to the final revision, so a watch from before the
 * snapshot gets "too old" (HTTP 410, relist) rather than events that skip deletions.
 *
 * <p>The entries are held in memory to sort them (about the snapshot's size).
 */
final class EtcdRestore implements AutoCloseable {

    static final String PADDING_KEY = "/orchestrator-restore-padding";
    private static final int PADDING_IN_FLIGHT = 256;
    private static final long TIMEOUT_SECONDS = 60;

    private final String endpoints;
    private final boolean force;
    private final Client client;
    private final KV kv;

    EtcdRestore(String endpoints, boolean force) {
        this.endpoints = endpoints;
        this.force = force;
        this.client = Client.builder().endpoints(endpoints.split(",")).build();
        this.kv = client.getKVClient();
    }

    /** Refuses an etcd holding cluster state (keys under /registry/), unless forced; forced, deletes them. */
    void checkTarget() throws IOException {
        ByteSequence prefix = bytes(StoreSnapshot.PREFIX);
        long count = await(kv.get(prefix, GetOption.builder().isPrefix(true).withCountOnly(true).build()))
                .getCount();
        if (count == 0) {
            return;
        }
        if (!force) {
            throw new ToolException("etcd at " + endpoints + " is not empty: it holds " + count + " keys under "
                    + StoreSnapshot.PREFIX + "; restore into an empty etcd, or pass --force to delete them first");
        }
        await(kv.delete(prefix, DeleteOption.builder().isPrefix(true).build()));
    }

    SnapshotSummary restore(SnapshotFile file, SnapshotSummary verified, long bump, Progress progress)
            throws IOException {
        List<SnapshotEntry> entries = new ArrayList<>();
        SnapshotSummary summary = file.read(entries::add);
        if (!summary.equals(verified)) {
            throw new ToolException("the file changed while it was restored (checksum " + summary.sha256()
                    + " now, " + verified.sha256() + " before); nothing was restored");
        }
        entries.sort(Comparator.comparingLong(SnapshotEntry::modRevision));
        long revision = currentRevision();
        long written = 0;
        for (SnapshotEntry entry : entries) {
            revision = pad(revision, entry.modRevision() - 1);
            revision = await(kv.put(bytes(entry.key()), ByteSequence.from(entry.value()))).getHeader().getRevision();
            progress.update(++written);
        }
        revision = pad(revision, summary.revision() + bump);
        long deleted = await(kv.delete(bytes(PADDING_KEY))).getDeleted();
        if (deleted > 0) {
            revision = currentRevision();
        }
        await(kv.compact(revision));
        return summary;
    }

    /** The revision etcd is at now. */
    long currentRevision() {
        return await(kv.get(bytes(PADDING_KEY), GetOption.builder().withCountOnly(true).build()))
                .getHeader().getRevision();
    }

    /** Writes the padding key until etcd's revision reaches {@code target}; returns the revision then. */
    private long pad(long revision, long target) {
        ByteSequence key = bytes(PADDING_KEY);
        ByteSequence value = bytes("restore");
        while (revision < target) {
            int batch = (int) Math.min(PADDING_IN_FLIGHT, target - revision);
            List<CompletableFuture<PutResponse>> puts = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                puts.add(kv.put(key, value));
            }
            for (CompletableFuture<PutResponse> put : puts) {
                revision = Math.max(revision, await(put).getHeader().getRevision());
            }
        }
        return revision;
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while writing to etcd at " + endpoints);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ToolException("etcd at " + endpoints + " failed: " + cause);
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
