package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.testing.Eventually;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client that sends HTTP requests to one address in a loop, a new connection each, from the test machine:
 * the load under which a data-plane component is swapped. Counts successes and keeps every failure.
 */
final class RequestLoop implements AutoCloseable {

    private final String ip;
    private final int port;
    private final AtomicInteger successes = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private RequestLoop(String ip, int port) {
        this.ip = ip;
        this.port = port;
        this.thread = new Thread(this::loop, "request-loop-" + ip);
        this.thread.setDaemon(true);
    }

    static RequestLoop start(String ip, int port) {
        RequestLoop loop = new RequestLoop(ip, port);
        loop.thread.start();
        return loop;
    }

    private void loop() {
        while (running) {
            String answer = ServicesE2E.get(ip, port);
            if (answer.startsWith("<")) {
                failures.add(System.currentTimeMillis() + " " + answer);
            } else {
                successes.incrementAndGet();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    int successes() {
        return successes.get();
    }

    /** Waits (up to 60 s) until this many requests have succeeded in all. */
    void awaitSuccesses(int count) throws Exception {
        Eventually.until(count + " successful requests to " + ip + ":" + port + " (failures: " + failures + ")",
                60, successes::get, n -> n >= count);
    }

    void assertNoFailure() {
        assertEquals(List.of(), failures, "requests failed while " + successes() + " succeeded");
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(15));
    }
}
