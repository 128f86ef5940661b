package dev.orchestrator.controllers.internal.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Events;
import dev.orchestrator.api.controller.Expectations;
import dev.orchestrator.api.controller.Lister;
import dev.orchestrator.api.controller.Request;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writes against a stand-in for the API server's pod endpoints (a JDK HTTP server in this test, named
 * {@link FakePodEndpoints}): what is measured here is what the writer sends and in which batches, which the real
 * server cannot show; the controllers' e2e tests run the same writes against the real one.
 */
class OwnedPodWritesTest {

    private static final Request KEY = new Request("ns", "web");
    private static final ReplicaSet OWNER = new ReplicaSetBuilder().withNewMetadata().withNamespace("ns")
            .withName("web").withUid("u1").endMetadata().build();

    private FakePodEndpoints api;
    private KubernetesClient client;
    private OwnedPodWrites writes;
    private final RecordingContext context = new RecordingContext();

    @BeforeEach
    void start() throws IOException {
        api = new FakePodEndpoints();
        client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + api.port()).withRequestRetryBackoffLimit(0).build()).build();
        writes = new OwnedPodWrites(client, 1, "test");
    }

    @AfterEach
    void stop() {
        writes.close();
        client.close();
        api.stop();
    }

    @Test
    void eachSlowStartBatchIsSentAtOnce() {
        api.holdEachBatchUntilComplete(new int[] {1, 2, 4, 8});

        OwnedPodWrites.Outcome outcome = writes.create(OWNER, Collections.nCopies(15, OWNER), OwnedPodWritesTest::pod,
                KEY, context);

        assertEquals(15, outcome.succeeded());
        assertTrue(outcome.failure().isEmpty());
        assertEquals(List.of(1, 2, 4, 8), api.batchesSeenComplete(), "every batch's calls were in flight together");
        assertEquals(8, api.mostInFlight.get());
        assertEquals(15, context.count("SuccessfulCreate"));
        assertEquals(15, context.expected.get(), "no creation taken back");
    }

    @Test
    void aBatchWithARefusalEndsTheRoundAndTakesBackWhatWasNotCreated() {
        api.refuseCreates(n -> n == 3, 403, "Forbidden", "exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2", null);

        OwnedPodWrites.Outcome outcome = writes.create(OWNER, Collections.nCopies(10, OWNER), OwnedPodWritesTest::pod,
                KEY, context);

        assertEquals(2, outcome.succeeded(), "the first batch and one call of the second");
        assertEquals("exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2", outcome.failure().orElseThrow());
        assertEquals(3, api.creates.get(), "no call after the batch with the refusal");
        assertEquals(2, context.expected.get(), "the refused call and the seven never made are taken back");
        assertEquals(2, context.count("SuccessfulCreate"));
        assertEquals(List.of("Error creating: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2"),
                context.messages("FailedCreate"));
    }

    @Test
    void aTerminatingNamespaceEndsTheRoundWithoutAFailure() {
        api.refuseCreates(n -> n >= 2, 403, "Forbidden", "unable to create new content in namespace ns because it is being terminated",
                "NamespaceTerminating");

        OwnedPodWrites.Outcome outcome = writes.create(OWNER, Collections.nCopies(5, OWNER), OwnedPodWritesTest::pod,
                KEY, context);

        assertEquals(1, outcome.succeeded());
        assertTrue(outcome.failure().isEmpty(), outcome.failure().toString());
        assertEquals(0, context.count("FailedCreate"), "the namespace's deletion takes the owner too: nothing to report");
        assertEquals(1, context.expected.get());
    }

    @Test
    void deletionsGoAtOnceAndAPodGoneAlreadyIsTakenBackFromTheExpectations() {
        List<Pod> pods = List.of(named("a"), named("b"), named("gone"), named("c"));
        api.holdEachBatchUntilComplete(new int[] {4});

        OwnedPodWrites.Outcome outcome = writes.delete(OWNER, pods, KEY, context);

        assertEquals(4, outcome.succeeded());
        assertTrue(outcome.failure().isEmpty());
        assertEquals(List.of(4), api.batchesSeenComplete());
        assertEquals(List.of("Deleted pod: a", "Deleted pod: b", "Deleted pod: c"),
                context.messages("SuccessfulDelete").stream().sorted().toList());
        assertEquals(3, context.expectedDeletions.size());
        assertFalse(context.expectedDeletions.contains("ns/gone"));
    }

    private static Pod pod(ReplicaSet rs) {
        return new PodBuilder().withNewMetadata().withGenerateName("web-").withNamespace("ns").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    }

    private static Pod named(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata().build();
    }

    /**
     * A stand-in for the API server's pod create and delete endpoints: answers creates with the pod named, deletes
     * with the pod (404 for "gone"), refuses chosen creates with a Status, and can hold each expected batch of calls
     * until all of it has arrived (up to a deadline), so that a writer that sends one call at a time shows.
     */
    private static final class FakePodEndpoints {
        final AtomicInteger creates = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        private final HttpServer server;
        private final Map<Integer, CountDownLatch> batches = new ConcurrentHashMap<>();
        private final List<Integer> complete = new CopyOnWriteArrayList<>();
        private final List<Integer> timedOut = new CopyOnWriteArrayList<>();
        private int[] batchSizes = new int[0];
        private IntPredicate refused = n -> false;
        private String refusal;

        FakePodEndpoints() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/api/v1/namespaces/ns/pods", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void holdEachBatchUntilComplete(int[] sizes) {
            batchSizes = sizes;
            for (int i = 0; i < sizes.length; i++) {
                batches.put(i, new CountDownLatch(sizes[i]));
            }
        }

        void refuseCreates(IntPredicate which, int code, String reason, String message, String cause) {
            refused = which;
            refusal = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code
                    + ",\"reason\":\"" + reason + "\",\"message\":\"" + message + "\""
                    + (cause == null ? "" : ",\"details\":{\"causes\":[{\"reason\":\"" + cause + "\"}]}") + "}";
        }

        List<Integer> batchesSeenComplete() {
            return complete.stream().filter(i -> !timedOut.contains(i)).sorted().map(i -> batchSizes[i]).toList();
        }

        private void handle(HttpExchange exchange) throws IOException {
            int n = calls.incrementAndGet();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                awaitBatchOf(n);
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if ("POST".equals(exchange.getRequestMethod())) {
                    int created = creates.incrementAndGet();
                    if (refused.test(created)) {
                        answer(exchange, 403, refusal);
                    } else {
                        answer(exchange, 201, body.replace("\"generateName\":\"web-\"",
                                "\"generateName\":\"web-\",\"name\":\"web-" + created + "\""));
                    }
                } else {
                    String name = exchange.getRequestURI().getPath().substring(exchange.getRequestURI().getPath().lastIndexOf('/') + 1);
                    if (name.equals("gone")) {
                        answer(exchange, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404,"
                                + "\"reason\":\"NotFound\",\"message\":\"pods \\\"gone\\\" not found\"}");
                    } else {
                        answer(exchange, 200, "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name
                                + "\",\"namespace\":\"ns\"}}");
                    }
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }

        /**
         * Holds call {@code n} (1-based) until every call of its batch has arrived, or 10 s have passed: a batch sent
         * one call at a time times out on its first call.
         */
        private void awaitBatchOf(int n) {
            int end = 0;
            for (int i = 0; i < batchSizes.length; i++) {
                end += batchSizes[i];
                if (n <= end) {
                    CountDownLatch batch = batches.get(i);
                    batch.countDown();
                    try {
                        if (!batch.await(10, TimeUnit.SECONDS)) {
                            timedOut.add(i);
                        }
                        if (n == end) {
                            complete.add(i);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
            }
        }

        private static void answer(HttpExchange exchange, int code, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        void stop() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    /** The runtime's side of a reconcile call, counting expectations and recording events. */
    private static final class RecordingContext implements Context, Events, Expectations {
        final AtomicInteger expected = new AtomicInteger();
        final List<String> expectedDeletions = new CopyOnWriteArrayList<>();
        final List<String[]> events = new CopyOnWriteArrayList<>();

        int count(String reason) {
            return messages(reason).size();
        }

        List<String> messages(String reason) {
            return events.stream().filter(e -> e[0].equals(reason)).map(e -> e[1]).toList();
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public Events events() {
            return this;
        }

        @Override
        public Expectations expectations() {
            return this;
        }

        @Override
        public <K extends HasMetadata> Lister<K> lister(Class<K> kind) {
            throw new IllegalArgumentException("no caches in this test");
        }

        @Override
        public void normal(HasMetadata involved, String reason, String message) {
            events.add(new String[] {reason, message});
        }

        @Override
        public void warning(HasMetadata involved, String reason, String message) {
            events.add(new String[] {reason, message});
        }

        @Override
        public boolean satisfied(Request primary) {
            return expected.get() == 0 && expectedDeletions.isEmpty();
        }

        @Override
        public void expectCreations(Request primary, int count) {
            expected.addAndGet(count);
        }

        @Override
        public void creationObserved(Request primary) {
            expected.decrementAndGet();
        }

        @Override
        public void expectDeletions(Request primary, Collection<String> objectKeys) {
            expectedDeletions.addAll(objectKeys);
        }

        @Override
        public void deletionObserved(Request primary, String objectKey) {
            expectedDeletions.remove(objectKey);
        }

        @Override
        public void forget(Request primary) {
            expected.set(0);
            expectedDeletions.clear();
        }
    }
}
