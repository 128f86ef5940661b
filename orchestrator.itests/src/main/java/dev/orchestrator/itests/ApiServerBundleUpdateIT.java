package dev.orchestrator.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;

/**
 * Updates the API server bundle while a client creates objects over HTTP: the HTTP port
 * stays open (it belongs to the HTTP bundle), requests during the gap fail cleanly and are
 * retried, every acknowledged create is served by the new instance, and the old bundle
 * revision leaves no thread and no class loader behind.
 */
class ApiServerBundleUpdateIT {

    @InjectBundleContext
    BundleContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void updatingTheApiServerUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        String base = HttpEndpoint.of(context);
        HttpEndpoint.awaitStatus(http, base + "/readyz", 200);
        send("POST", base + "/api/v1/namespaces", "{\"metadata\":{\"name\":\"swap\"}}");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failedDuringSwap = new AtomicInteger();
        Set<Integer> failureCodes = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch warm = new CountDownLatch(100);
        Thread client = new Thread(() -> {
            for (int i = 0; !stop.get(); ) {
                String name = "cm-" + i;
                int code = send("POST", base + "/api/v1/namespaces/swap/configmaps",
                        "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"i\":\"" + i + "\"}}");
                if (code == 201 || code == 409) { // 409: an earlier attempt was stored after all
                    acknowledged.add(name);
                    warm.countDown();
                    i++;
                } else {
                    failedDuringSwap.incrementAndGet();
                    failureCodes.add(code);
                    sleep(2);
                }
            }
        }, "itest-api-client");
        client.start();
        assertTrue(warm.await(30, TimeUnit.SECONDS), "no progress before the update");

        Bundle apiserver = Bundles.find(context, "orchestrator.apiserver");
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(apiserver.adapt(org.osgi.framework.wiring.BundleWiring.class)
                .getClassLoader());
        Set<Thread> oldThreads = Bundles.threads("orch-apiserver-");
        int before = acknowledged.size();
        apiserver.update();
        Bundles.refresh(context, apiserver);
        HttpEndpoint.awaitStatus(http, base + "/readyz", 200);
        long deadline = System.currentTimeMillis() + 30_000;
        while (acknowledged.size() < before + 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        stop.set(true);
        client.join(30_000);

        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/namespaces/swap/configmaps")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode());
        Set<String> missing = acknowledged.stream().filter(n -> !list.body().contains("\"name\":\"" + n + "\""))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), missing, "acknowledged creates lost across the update");
        assertTrue(acknowledged.size() >= before + 200, "the client did not make progress after the update");
        Bundles.assertReleased(oldThreads, oldLoader, "API server");
        assertEquals(Set.of(), failureCodes.stream().filter(c -> c != 503).collect(Collectors.toSet()),
                "during the update requests must get 503 (retry), nothing else");
        System.out.printf("apiserver bundle update: acknowledged=%d, requests answered 503 during the swap=%d%n",
                acknowledged.size(), failedDuringSwap.get());
    }

    private int send(String method, String url, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
