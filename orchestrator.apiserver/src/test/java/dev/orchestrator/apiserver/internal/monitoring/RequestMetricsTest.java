package dev.orchestrator.apiserver.internal.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.Sample;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {

    private final AtomicLong now = new AtomicLong();
    private final RequestMetrics metrics = new RequestMetrics(now::get);

    private static final RequestLabels LIST_PODS = RequestLabels.of(
            RequestAttributes.resource("list", "", "v1", "pods", "", "default", ""), true, "GET", null, null);
    private static final RequestLabels CREATE_POD = RequestLabels.of(
            RequestAttributes.resource("create", "", "v1", "pods", "", "default", ""), true, "POST", null, null);
    private static final RequestLabels WATCH_PODS = RequestLabels.of(
            RequestAttributes.resource("watch", "", "v1", "pods", "", "", ""), true, "GET", null, null);

    @Test
    void countsRequestsByLabelsAndCode() {
        metrics.begin(LIST_PODS, false).served(200);
        metrics.begin(LIST_PODS, false).served(200);
        metrics.begin(LIST_PODS, false).served(403);
        metrics.begin(CREATE_POD, false).served(201);

        List<Sample> totals = family(RequestMetrics.TOTAL).samples();
        assertEquals(2, value(totals, "", Map.of("verb", "LIST", "resource", "pods", "scope", "namespace", "code", "200")));
        assertEquals(1, value(totals, "", Map.of("verb", "LIST", "code", "403")));
        assertEquals(1, value(totals, "", Map.of("verb", "POST", "scope", "resource", "code", "201")));
        Sample one = totals.stream().filter(t -> t.labels().get("verb").equals("POST")).findFirst().orElseThrow();
        assertEquals(Map.of("verb", "POST", "dry_run", "", "group", "", "version", "v1", "resource", "pods",
                "subresource", "", "scope", "resource", "component", "apiserver", "code", "201"), one.labels(),
                "every Kubernetes label, component=apiserver");
    }

    @Test
    void durationsUseKubernetesBucketsWithoutTheCode() {
        RequestMetrics.Observation o = metrics.begin(LIST_PODS, false);
        now.addAndGet(300_000_000L); // 0.3 s
        o.served(200);
        List<Sample> durations = family(RequestMetrics.DURATION).samples();
        assertEquals(RequestMetrics.BUCKETS.length + 3, durations.size());
        assertEquals(0, value(durations, "_bucket", Map.of("verb", "LIST", "le", "0.2")));
        assertEquals(1, value(durations, "_bucket", Map.of("verb", "LIST", "le", "0.4")));
        assertEquals(1, value(durations, "_bucket", Map.of("le", "60")));
        assertEquals(1, value(durations, "_count", Map.of("verb", "LIST")));
        assertEquals(0.3, value(durations, "_sum", Map.of("verb", "LIST")), 1e-9);
        assertTrue(durations.stream().noneMatch(s -> s.labels().containsKey("code")));
    }

    @Test
    void inflightGaugesCountReadOnlyAndMutatingRequestsWhileServed() {
        RequestMetrics.Observation read = metrics.begin(LIST_PODS, false);
        RequestMetrics.Observation write = metrics.begin(CREATE_POD, false);
        assertEquals(1, inflight("readOnly"));
        assertEquals(1, inflight("mutating"));
        read.served(200);
        write.served(201);
        assertEquals(0, inflight("readOnly"));
        assertEquals(0, inflight("mutating"));
    }

    @Test
    void aWatchIsLongRunningUntilItsStreamEndsAndIsCountedOnceThen() {
        AtomicInteger slotsGivenBack = new AtomicInteger();
        RequestMetrics.Observation watch = metrics.begin(WATCH_PODS, true);
        Runnable streamEnded = watch.continued(slotsGivenBack::incrementAndGet);
        now.addAndGet(5_000_000_000L);
        watch.served(200); // the servlet returns; the stream goes on
        assertEquals(1, longRunning());
        assertEquals(0, inflight("readOnly"), "a watch holds no in-flight seat");
        assertTrue(family(RequestMetrics.TOTAL).samples().isEmpty(), "not counted before it ends");

        now.addAndGet(5_000_000_000L);
        streamEnded.run();
        streamEnded.run(); // runs its part once
        assertEquals(2, slotsGivenBack.get(), "the stream's own action runs each time");
        assertEquals(0, longRunning());
        List<Sample> totals = family(RequestMetrics.TOTAL).samples();
        assertEquals(1, value(totals, "", Map.of("verb", "WATCH", "scope", "cluster", "code", "200")));
        assertEquals(10.0, value(family(RequestMetrics.DURATION).samples(), "_sum", Map.of("verb", "WATCH")), 1e-9,
                "a watch lasts its whole life");
    }

    @Test
    void aStreamThatEndsBeforeTheServletReturnsIsCountedWhenTheServletIsDone() {
        RequestMetrics.Observation watch = metrics.begin(WATCH_PODS, true);
        watch.continued(() -> { }).run(); // e.g. the stream could not start
        assertTrue(family(RequestMetrics.TOTAL).samples().isEmpty());
        watch.served(410);
        assertEquals(1, value(family(RequestMetrics.TOTAL).samples(), "", Map.of("verb", "WATCH", "code", "410")));
        assertEquals(0, longRunning());
    }

    @Test
    void theLongRunningGaugeShowsWatchedResourcesAtZeroAndHasNoDryRunLabel() {
        metrics.begin(WATCH_PODS, true).served(200);
        Sample watchGauge = family(RequestMetrics.LONGRUNNING).samples().get(0);
        assertEquals(0, watchGauge.value());
        assertTrue(!watchGauge.labels().containsKey("dry_run") && !watchGauge.labels().containsKey("code"));
        assertEquals("WATCH", watchGauge.labels().get("verb"));
    }

    private Metric family(String name) {
        return metrics.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private long inflight(String kind) {
        return (long) value(family(RequestMetrics.INFLIGHT).samples(), "", Map.of("request_kind", kind));
    }

    private long longRunning() {
        return (long) family(RequestMetrics.LONGRUNNING).samples().stream().mapToDouble(Sample::value).sum();
    }

    /** The sum of the samples with this suffix whose labels include {@code labels}. */
    static double value(List<Sample> samples, String suffix, Map<String, String> labels) {
        return samples.stream().filter(s -> s.suffix().equals(suffix))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }
}
