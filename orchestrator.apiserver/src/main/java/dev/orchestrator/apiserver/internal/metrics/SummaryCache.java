package dev.orchestrator.apiserver.internal.metrics;

import java.io.IOException;
import dev.orchestrator.apiserver.internal.kubeletclient.KubeletTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubelet summaries for the metrics API, fetched in parallel on a bounded pool and kept for a short time, so
 * that {@code kubectl top} on a cluster of many nodes costs at most one request per node per {@code ttl}, not
 * N sequential requests per call. A failed fetch is kept as long as a good one, so an unreachable kubelet costs
 * one timeout per {@code ttl} rather than one per call. Concurrent callers share fetches in flight.
 *
 * <p>A call waits at most the fetch timeout (plus a margin) for what it started or found in flight; nodes not
 * answered by then are left out of that answer, and their fetches go on to serve the next call. Thread-safe.
 */
public final class SummaryCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryCache.class);
    /** Beyond the fetch timeout: time for a fetch that just answered to be parsed and handed over. */
    private static final Duration MARGIN = Duration.ofMillis(500);

    /** One node's fetch: where it went, when it started, and its outcome (empty when it failed). */
    private record Entry(String baseUri, Instant started, CompletableFuture<Optional<NodeSummary>> result) {
    }

    private final KubeletSummaryClient client;
    private final Duration ttl;
    private final Duration wait;
    private final Clock clock;
    private final ThreadPoolExecutor pool;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param parallelism most fetches run at once (the pool's threads); more wait in its queue
     * @param timeout     connect and read timeout of one fetch, and about the longest a call waits
     */
    public SummaryCache(Duration ttl, Duration timeout, int parallelism, Clock clock, KubeletTransport kubelets) {
        this.client = new KubeletSummaryClient(timeout, kubelets);
        this.ttl = ttl;
        this.wait = timeout.plus(MARGIN);
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(parallelism, parallelism, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "orch-apiserver-metrics-fetch-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true); // no idle threads while nobody asks for metrics
    }

    /**
     * The summaries of the given nodes that answered, by node name.
     *
     * @param baseUris each node's kubelet {@code host:port}, by node name
     */
    public Map<String, NodeSummary> summaries(Map<String, String> baseUris) {
        Instant now = clock.instant();
        forgetOld(now);
        Map<String, CompletableFuture<Optional<NodeSummary>>> pending = new LinkedHashMap<>();
        baseUris.forEach((node, uri) -> pending.put(node, entries.compute(node, (n, old) ->
                old != null && old.baseUri().equals(uri) && now.isBefore(old.started().plus(ttl)) ? old
                        : start(n, uri, now)).result()));
        try {
            CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the answered ones are used below, the others are left out of this answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, NodeSummary> answered = new LinkedHashMap<>();
        pending.forEach((node, f) -> {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                f.join().ifPresent(s -> answered.put(node, s));
            }
        });
        return answered;
    }

    private Entry start(String node, String baseUri, Instant now) {
        CompletableFuture<Optional<NodeSummary>> result = new CompletableFuture<>();
        try {
            pool.execute(() -> result.complete(fetch(node, baseUri)));
        } catch (RejectedExecutionException closed) {
            result.complete(Optional.empty());
        }
        return new Entry(baseUri, now, result);
    }

    private Optional<NodeSummary> fetch(String node, String baseUri) {
        try {
            return Optional.of(client.fetch(baseUri));
        } catch (IOException | RuntimeException e) {
            // Left out of the metrics; the node's own status says whether it is down.
            LOG.debug("no usage summary node={} kubelet={} error={}", node, baseUri, e.toString());
            return Optional.empty();
        }
    }

    /** Drops entries long expired (nodes deleted or no longer asked for), so the map tracks live nodes only. */
    private void forgetOld(Instant now) {
        Instant cutoff = now.minus(ttl.multipliedBy(10));
        entries.values().removeIf(e -> e.started().isBefore(cutoff) && e.result().isDone());
    }

    /** Stops the fetches; calls after this answer with nothing new. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
