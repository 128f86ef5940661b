package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.Sample;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.support.metrics.LatencyHistogram;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The metrics of one scheduling profile, named and labelled as kube-scheduler's: {@code scheduler_pending_pods}
 * (by queue), {@code scheduler_schedule_attempts_total} and {@code scheduler_scheduling_attempt_duration_seconds}
 * (by result), {@code scheduler_scheduling_algorithm_duration_seconds} (filters and scores of one cycle) and
 * {@code scheduler_framework_extension_point_duration_seconds{extension_point="Bind"}} (bind plugins and the API
 * binding, by status). Every series carries the {@code profile} (the scheduler name), {@code scheduler_pending_pods}
 * too, since each profile has its own queue here.
 *
 * <p>Kept by the component, so counters go on across runs (a change of leader, a restart after a configuration
 * change); lock-free to record from the scheduling loop and the binding threads.
 */
final class SchedulerMetrics {

    /** How an attempt ended, as the {@code result} label says it. */
    enum Result {
        SCHEDULED("scheduled"), UNSCHEDULABLE("unschedulable"), ERROR("error");

        final String label;

        Result(String label) {
            this.label = label;
        }
    }

    /** The queue depths of the running scheduler, zero while none runs (this instance does not lead). */
    record QueueDepths(long active, long backoff, long unschedulable, long gated) {
        static final QueueDepths NONE = new QueueDepths(0, 0, 0, 0);
    }

    static final String PENDING = "scheduler_pending_pods";
    static final String ATTEMPTS = "scheduler_schedule_attempts_total";
    static final String ATTEMPT_DURATION = "scheduler_scheduling_attempt_duration_seconds";
    static final String ALGORITHM_DURATION = "scheduler_scheduling_algorithm_duration_seconds";
    static final String EXTENSION_POINT_DURATION = "scheduler_framework_extension_point_duration_seconds";

    /** kube-scheduler's buckets of attempt and algorithm durations: 1 ms doubling 15 times (to 16.384 s). */
    static final double[] ATTEMPT_BUCKETS = exponential(0.001, 2, 15);
    /** kube-scheduler's buckets of extension point durations: 0.1 ms doubling 12 times (to 0.2048 s). */
    static final double[] EXTENSION_POINT_BUCKETS = exponential(0.0001, 2, 12);

    private final String profile;
    private final Map<Result, LongAdder> attempts = new EnumMap<>(Result.class);
    private final Map<Result, LatencyHistogram> attemptDurations = new EnumMap<>(Result.class);
    private final LatencyHistogram algorithm = new LatencyHistogram(ATTEMPT_BUCKETS);
    private final Map<Status.Code, LatencyHistogram> bindDurations = new EnumMap<>(Status.Code.class);

    SchedulerMetrics(String profile) {
        this.profile = profile;
        for (Result r : Result.values()) {
            attempts.put(r, new LongAdder());
            attemptDurations.put(r, new LatencyHistogram(ATTEMPT_BUCKETS));
        }
        for (Status.Code c : Status.Code.values()) {
            bindDurations.put(c, new LatencyHistogram(EXTENSION_POINT_BUCKETS));
        }
    }

    /** An attempt to schedule a pod ended this way, {@code nanos} after the pod left the queue. */
    void attempt(Result result, long nanos) {
        attempts.get(result).increment();
        attemptDurations.get(result).observeNanos(nanos);
    }

    /** A scheduling cycle (filters, scores, choice of a node) took {@code nanos}. */
    void algorithm(long nanos) {
        algorithm.observeNanos(nanos);
    }

    /** The Bind extension point (bind plugins, else the API binding) ended with {@code code} after {@code nanos}. */
    void bind(Status.Code code, long nanos) {
        bindDurations.get(code).observeNanos(nanos);
    }

    long attempts(Result result) {
        return attempts.get(result).sum();
    }

    List<Metric> metrics(Supplier<QueueDepths> depths) {
        QueueDepths d = depths.get();
        List<Sample> pending = List.of(pending("active", d.active()), pending("backoff", d.backoff()),
                pending("gated", d.gated()), pending("unschedulable", d.unschedulable()));
        List<Sample> attemptTotals = new ArrayList<>();
        List<Sample> attemptSeconds = new ArrayList<>();
        for (Result r : Result.values()) {
            Map<String, String> labels = Map.of("profile", profile, "result", r.label);
            attemptTotals.add(new Sample(labels, attempts.get(r).sum()));
            attemptSeconds.addAll(attemptDurations.get(r).samples(labels));
        }
        List<Sample> bindSeconds = new ArrayList<>();
        bindDurations.forEach((code, h) -> {
            if (h.count() > 0) {
                bindSeconds.addAll(h.samples(Map.of("extension_point", "Bind", "profile", profile,
                        "status", statusLabel(code))));
            }
        });
        return List.of(
                new Metric(PENDING, Metric.Type.GAUGE, "Pods waiting to be scheduled, by queue: active, backoff, "
                        + "unschedulable, gated (held by scheduling gates), and profile.", pending),
                Metric.counter(ATTEMPTS, "Attempts to schedule a pod, by result (scheduled once bound, "
                        + "unschedulable, error) and profile.", attemptTotals),
                new Metric(ATTEMPT_DURATION, Metric.Type.HISTOGRAM, "Seconds from a pod leaving the queue to the end "
                        + "of its attempt (a scheduled pod: its binding), by result and profile.", attemptSeconds),
                new Metric(ALGORITHM_DURATION, Metric.Type.HISTOGRAM, "Seconds a scheduling cycle took to filter and "
                        + "score the nodes and choose one.", algorithm.samples(Map.of("profile", profile))),
                new Metric(EXTENSION_POINT_DURATION, Metric.Type.HISTOGRAM, "Seconds an extension point took, by "
                        + "extension point (Bind: bind plugins, else the API binding), status and profile.",
                        bindSeconds));
    }

    private Sample pending(String queue, long n) {
        return new Sample(Map.of("queue", queue, "profile", profile), n);
    }

    /** A status code as kube-scheduler writes it in the {@code status} label. */
    static String statusLabel(Status.Code code) {
        return switch (code) {
            case SUCCESS -> "Success";
            case UNSCHEDULABLE -> "Unschedulable";
            case UNSCHEDULABLE_AND_UNRESOLVABLE -> "UnschedulableAndUnresolvable";
            case ERROR -> "Error";
            case SKIP -> "Skip";
            case WAIT -> "Wait";
        };
    }

    static double[] exponential(double start, double factor, int count) {
        double[] bounds = new double[count];
        double b = start;
        for (int i = 0; i < count; i++) {
            bounds[i] = b;
            b *= factor;
        }
        return bounds;
    }
}
