package dev.orchestrator.store.etcd.internal;

import dev.orchestrator.api.store.ConflictException;
import dev.orchestrator.api.store.Deletion;
import dev.orchestrator.api.store.FutureRevisionException;
import dev.orchestrator.api.store.InvalidValueException;
import dev.orchestrator.api.store.KeyExistsException;
import dev.orchestrator.api.store.KeyNotFoundException;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.ListResult;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.store.support.StoreInput;
import dev.orchestrator.store.support.WatchDelivery;
import dev.orchestrator.store.support.WatchFeed;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} on etcd: a key's revisions are etcd's mod revisions, compare-and-swap
 * writes are etcd transactions, watches are etcd watches from a start revision (with the
 * previous value), and compaction is etcd's. {@link EtcdStoreComponent} runs it in OSGi.
 *
 * <p>A write that times out may still be applied by etcd later; the caller sees
 * {@link StoreUnavailableException} and must re-read, as with any etcd client.
 */
public final class EtcdStore implements Store, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdStore.class);
    private static final ByteSequence REVISION_PROBE_KEY = bytes("/");
    private static final int LIST_CHUNK = 1_000;
    /** Largest gRPC answer accepted; listings are read in chunks that fit. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final Settings settings;
    private final Client client;
    private final KV kv;
    private final EtcdErrors errors;
    private final WatchDelivery watchDelivery;
    private volatile boolean closed;

    /** What the store needs to run; see {@link EtcdStoreConfig} for the meaning. */
    public record Settings(List<String> endpoints, Optional<String> caFile, Optional<String> certFile,
                           Optional<String> keyFile, Duration requestTimeout, Duration connectTimeout,
                           int maxValueBytes, int watchBacklog, int watchThreads) {

        public static Settings defaults(List<String> endpoints) {
            return new Settings(endpoints, Optional.empty(), Optional.empty(), Optional.empty(),
                    Duration.ofSeconds(5), Duration.ofSeconds(3), 3 * 1024 * 1024, 10_000, 2);
        }
    }

    public EtcdStore(Settings settings) {
        this.settings = settings;
        this.errors = new EtcdErrors(String.join(",", settings.endpoints()), settings.requestTimeout().toMillis());
        this.client = newClient(settings);
        this.kv = client.getKVClient();
        this.watchDelivery = new WatchDelivery("orch-store-etcd-watch", settings.watchThreads(), settings.watchBacklog());
        LOG.info("etcd store created endpoints={} tls={}", settings.endpoints(), settings.caFile().isPresent());
    }

    private static Client newClient(Settings settings) {
        ClientBuilder builder = Client.builder()
                .endpoints(settings.endpoints().toArray(String[]::new))
                .connectTimeout(settings.connectTimeout())
                .retryMaxDuration(settings.requestTimeout())
                .retryMaxAttempts(3)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES);
        if (settings.caFile().isPresent()) {
            try {
                builder.sslContext(ssl -> {
                    ssl.trustManager(new File(settings.caFile().get()));
                    if (settings.certFile().isPresent() && settings.keyFile().isPresent()) {
                        ssl.keyManager(new File(settings.certFile().get()), new File(settings.keyFile().get()));
                    }
                });
            } catch (Exception e) {
                throw new StoreUnavailableException("cannot set up TLS for etcd from " + settings.caFile().get()
                        + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    @Override
    public long currentRevision() {
        checkOpen();
        GetResponse response = errors.await(kv.get(REVISION_PROBE_KEY,
                GetOption.builder().withCountOnly(true).build()), "reading the current revision");
        return response.getHeader().getRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        StoreInput.key(key);
        checkOpen();
        GetResponse response = errors.await(kv.get(bytes(key)), "get " + key);
        return response.getKvs().stream().findFirst().map(EtcdStore::toKeyValue);
    }

    @Override
    public ListResult list(ListRequest request) {
        StoreInput.prefix(request.prefix());
        checkOpen();
        int wanted = request.limit() == 0 ? Integer.MAX_VALUE : request.limit();
        long revision = request.revision();
        Optional<String> after = request.startAfter();
        List<KeyValue> items = new ArrayList<>();
        boolean more = true;
        // etcd answers in one gRPC message: read in chunks (all at one revision) so a large
        // listing never exceeds the message limit; halve the chunk if a message still does.
        int chunk = LIST_CHUNK;
        while (more && items.size() < wanted) {
            int size = Math.min(chunk, wanted - items.size());
            GetResponse response;
            try {
                response = listChunk(request.prefix(), revision, size, after);
            } catch (InvalidValueException tooLarge) {
                if (size == 1) {
                    throw tooLarge;
                }
                chunk = Math.max(1, size / 2);
                continue;
            }
            if (revision == 0) {
                revision = response.getHeader().getRevision();
            }
            response.getKvs().forEach(kv -> items.add(toKeyValue(kv)));
            more = response.isMore() && response.getCount() > 0 && !response.getKvs().isEmpty();
            if (!items.isEmpty()) {
                after = Optional.of(items.get(items.size() - 1).key());
            }
        }
        return new ListResult(items, revision, more ? after : Optional.empty());
    }

    private GetResponse listChunk(String prefix, long revision, int limit, Optional<String> after) {
        ByteSequence from = bytes(after.map(k -> k + "\0").orElse(prefix));
        GetOption option = GetOption.builder()
                .withRange(prefixEnd(prefix))
                .withRevision(revision)
                .withLimit(limit)
                .withSortField(GetOption.SortTarget.KEY)
                .withSortOrder(GetOption.SortOrder.ASCEND)
                .build();
        return errors.await(kv.get(from, option), "list " + prefix);
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        StoreInput.value(StoreInput.key(key), value, settings.maxValueBytes());
        checkOpen();
        ByteSequence k = bytes(key);
        TxnResponse response = errors.await(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "create " + key);
        if (!response.isSucceeded()) {
            long created = response.getGetResponses().get(0).getKvs().stream().findFirst()
                    .map(io.etcd.jetcd.KeyValue::getCreateRevision).orElse(0L);
            throw new KeyExistsException("key '" + key + "' already exists (created at revision " + created + ")");
        }
        long revision = response.getHeader().getRevision();
        return new KeyValue(key, value.clone(), revision, revision, 1);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedRevision) {
        StoreInput.value(StoreInput.key(key), value, settings.maxValueBytes());
        StoreInput.revision("expected revision", expectedRevision);
        checkOpen();
        TxnResponse response = compareAndApply(key, expectedRevision,
                Op.put(bytes(key), ByteSequence.from(value), PutOption.builder().withPrevKV().build()), "update");
        io.etcd.jetcd.KeyValue previous = response.getPutResponses().get(0).getPrevKv();
        return new KeyValue(key, value.clone(), previous.getCreateRevision(), response.getHeader().getRevision(),
                previous.getVersion() + 1);
    }

    @Override
    public Deletion delete(String key, long expectedRevision) {
        StoreInput.key(key);
        StoreInput.revision("expected revision", expectedRevision);
        checkOpen();
        TxnResponse response = compareAndApply(key, expectedRevision,
                Op.delete(bytes(key), DeleteOption.builder().withPrevKV(true).build()), "delete");
        io.etcd.jetcd.KeyValue previous = response.getDeleteResponses().get(0).getPrevKvs().get(0);
        return new Deletion(toKeyValue(previous), response.getHeader().getRevision());
    }

    /** Runs {@code op} if the key exists at {@code expectedRevision}; otherwise says why not. */
    private TxnResponse compareAndApply(String key, long expectedRevision, Op op, String what) {
        ByteSequence k = bytes(key);
        Cmp guard = expectedRevision == ANY_REVISION
                ? new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0))
                : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision));
        TxnResponse response = errors.await(kv.txn().If(guard).Then(op).Else(Op.get(k, GetOption.DEFAULT)).commit(),
                what + " " + key);
        if (!response.isSucceeded()) {
            Optional<io.etcd.jetcd.KeyValue> current = response.getGetResponses().get(0).getKvs().stream().findFirst();
            if (current.isEmpty()) {
                throw new KeyNotFoundException("key '" + key + "' does not exist");
            }
            throw new ConflictException("key '" + key + "' is at revision " + current.get().getModRevision()
                    + ", not at the expected revision " + expectedRevision);
        }
        return response;
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        StoreInput.prefix(prefix);
        StoreInput.revision("watch revision", afterRevision);
        checkOpen();
        // etcd does not refuse a watch on a compacted or future revision up front: a read at
        // that revision does, with the same errors the contract asks for.
        long current = currentRevision();
        if (afterRevision > current) {
            throw new FutureRevisionException("revision " + afterRevision + " is newer than the newest revision " + current);
        }
        if (afterRevision > 0) {
            errors.await(kv.get(REVISION_PROBE_KEY, GetOption.builder().withCountOnly(true)
                    .withRevision(afterRevision).build()), "watch from revision " + afterRevision);
        }
        EtcdWatchBridge bridge = new EtcdWatchBridge(errors);
        WatchFeed feed = watchDelivery.newFeed(listener, afterRevision, Optional.empty(), bridge::cancel);
        bridge.start(client.getWatchClient(), bytes(prefix), WatchOption.builder()
                .withRange(prefixEnd(prefix))
                .withRevision(afterRevision + 1)
                .withPrevKV(true)
                .build(), feed);
        feed.start();
        return feed;
    }

    @Override
    public void compact(long revision) {
        StoreInput.revision("compaction revision", revision);
        checkOpen();
        try {
            errors.await(kv.compact(revision), "compact to revision " + revision);
        } catch (dev.orchestrator.api.store.ExpiredException alreadyCompacted) {
            LOG.debug("compaction to revision={} skipped: already compacted", revision);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        watchDelivery.close(new StoreUnavailableException("the etcd store was closed"));
        client.close();
        LOG.info("etcd store closed endpoints={}", settings.endpoints());
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreUnavailableException("the etcd store is closed");
        }
    }

    static KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(kv.getKey().toString(), kv.getValue().getBytes(), kv.getCreateRevision(),
                kv.getModRevision(), kv.getVersion());
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The smallest key greater than every key starting with {@code prefix}. */
    static ByteSequence prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteSequence.from(java.util.Arrays.copyOf(end, i + 1));
            }
        }
        return ByteSequence.from(new byte[] {0}); // all 0xff: to the end of the keyspace
    }
}
