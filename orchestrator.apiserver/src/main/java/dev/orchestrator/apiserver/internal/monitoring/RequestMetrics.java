package dev.orchestrator.apiserver.internal.monitoring;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.Sample;
import dev.orchestrator.support.metrics.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The request metrics of the API server, named and labelled as Kubernetes' are: {@code apiserver_request_total}
 * (by {@link RequestLabels} and code), {@code apiserver_request_duration_seconds} (Kubernetes' buckets),
 * {@code apiserver_current_inflight_requests} (read-only and mutating requests being served, long-running ones
 * apart) and {@code apiserver_longrunning_requests} (open watches, followed logs, exec/attach/port-forward).
 *
 * <p>Thread-safe and lock-free on the request path: a request costs a map lookup by its labels, a few
 * {@link LongAdder} increments and one histogram observation. Counters live as long as the API server's assembly.
 */
public final class RequestMetrics {

    /** The buckets of {@code apiserver_request_duration_seconds} in Kubernetes, in seconds. */
    static final double[] BUCKETS = {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8,
            10, 15, 20, 30, 45, 60};

    static final String TOTAL = "apiserver_request_total";
    static final String DURATION = "apiserver_request_duration_seconds";
    static final String INFLIGHT = "apiserver_current_inflight_requests";
    static final String LONGRUNNING = "apiserver_longrunning_requests";

    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<RequestLabels, Series> series = new ConcurrentHashMap<>();
    private final LongAdder readOnly = new LongAdder();
    private final LongAdder mutating = new LongAdder();

    public RequestMetrics(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * A request with these labels starts.
     *
     * @param longRunning a watch, a followed log or a connection (exec, attach, port-forward): counted in
     *                    {@code apiserver_longrunning_requests} instead of the in-flight requests
     * @return the request's observation, which the server ends with {@link Observation#served}
     */
    public Observation begin(RequestLabels labels, boolean longRunning) {
        Series s = series.computeIfAbsent(labels, l -> new Series());
        boolean running = longRunning || labels.verb().equals("CONNECT");
        LongAdder gauge = running ? s.open : labels.mutating() ? mutating : readOnly;
        gauge.increment();
        return new Observation(s, gauge, nanoTime.getAsLong());
    }

    /** One request from {@link #begin} to its end, which may come after the servlet returned (a watch). */
    public final class Observation {
        private final Series series;
        private final LongAdder gauge;
        private final long start;
        /** The servlet, and the stream that goes on after it when there is one: the last to let go ends it. */
        private final AtomicInteger holders = new AtomicInteger(1);
        private volatile int code = 200;

        private Observation(Series series, LongAdder gauge, long start) {
            this.series = series;
            this.gauge = gauge;
            this.start = start;
        }

        /**
         * The servlet is done with the request, which answered {@code code}. Ends the observation unless a stream
         * still holds it ({@link #continued}). Call once.
         */
        public void served(int code) {
            this.code = code;
            release();
        }

        /**
         * The request goes on after the servlet returns (a watch stream): it ends when the returned action has run
         * (it runs {@code then} first), at the earliest when the servlet is done too. The action does its part
         * once, however often it runs.
         */
        public Runnable continued(Runnable then) {
            holders.incrementAndGet();
            AtomicBoolean once = new AtomicBoolean();
            return () -> {
                try {
                    then.run();
                } finally {
                    if (once.compareAndSet(false, true)) {
                        release();
                    }
                }
            };
        }

        private void release() {
            if (holders.decrementAndGet() == 0) {
                gauge.decrement();
                series.codes.computeIfAbsent(code, c -> new LongAdder()).increment();
                series.latency.observeNanos(nanoTime.getAsLong() - start);
            }
        }
    }

    /** The metric families, one sample per label set seen. */
    public List<Metric> metrics() {
        Map<RequestLabels, Series> sorted = new TreeMap<>(RequestLabels.order());
        sorted.putAll(series);
        List<Sample> totals = new ArrayList<>();
        List<Sample> durations = new ArrayList<>();
        List<Sample> open = new ArrayList<>();
        sorted.forEach((labels, s) -> {
            Map<String, String> withDryRun = labels.asMap(true);
            new TreeMap<>(s.codes).forEach((code, n) -> {
                Map<String, String> withCode = new TreeMap<>(withDryRun);
                withCode.put("code", Integer.toString(code));
                totals.add(new Sample(withCode, n.sum()));
            });
            if (s.latency.count() > 0) {
                durations.addAll(s.latency.samples(withDryRun));
            }
            long running = s.open.sum();
            if (running > 0 || labels.verb().equals("WATCH") || labels.verb().equals("CONNECT")) {
                open.add(new Sample(labels.asMap(false), running));
            }
        });
        return List.of(
                Metric.counter(TOTAL, "Requests answered, by verb, dry run, group, version, resource, "
                        + "subresource, scope, component and HTTP status code.", totals),
                new Metric(DURATION, Metric.Type.HISTOGRAM, "Seconds from a request's arrival to its end (a watch: "
                        + "its whole life), by verb, dry run, group, version, resource, subresource, scope and component.", durations),
                new Metric(INFLIGHT, Metric.Type.GAUGE, "Requests being served now, read-only (GET, LIST) or "
                        + "mutating; long-running requests are not counted here.", List.of(
                        Sample.of("request_kind", "mutating", mutating.sum()),
                        Sample.of("request_kind", "readOnly", readOnly.sum()))),
                new Metric(LONGRUNNING, Metric.Type.GAUGE, "Long-running requests open now (watches, followed logs, "
                        + "exec, attach, port-forward), by verb, group, version, resource, subresource, scope and component.", mergeSameLabels(open)));
    }

    /** Series that differ in dry run only are one series of the gauge, which has no dry_run label. */
    private static List<Sample> mergeSameLabels(List<Sample> samples) {
        Map<Map<String, String>, Double> merged = new java.util.LinkedHashMap<>();
        samples.forEach(s -> merged.merge(s.labels(), s.value(), Double::sum));
        List<Sample> out = new ArrayList<>(merged.size());
        merged.forEach((labels, value) -> out.add(new Sample(labels, value)));
        return out;
    }

    /** What is counted for one label set. */
    private static final class Series {
        final ConcurrentHashMap<Integer, LongAdder> codes = new ConcurrentHashMap<>();
        final LatencyHistogram latency = new LatencyHistogram(BUCKETS);
        final LongAdder open = new LongAdder();
    }
}
