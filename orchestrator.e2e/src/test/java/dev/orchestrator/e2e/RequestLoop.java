package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.testing.Eventually;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A client that sends HTTP requests to one address in a loop, a new connection each, from the test machine:
 * the load under which a data-plane component is swapped. Counts successes and keeps every failure, with what the
 * test marked as its steps and what the kernel held just after each failure, so that a rare failure can be placed.
 */
final class RequestLoop implements AutoCloseable {

    private final String ip;
    private final int port;
    private final AtomicInteger successes = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private final Supplier<String> stateAtFailure;
    private final Thread thread;
    private volatile boolean running = true;

    private RequestLoop(String ip, int port, Supplier<String> stateAtFailure) {
        this.ip = ip;
        this.port = port;
        this.stateAtFailure = stateAtFailure;
        this.thread = new Thread(this::loop, "request-loop-" + ip);
        this.thread.setDaemon(true);
    }

    static RequestLoop start(String ip, int port) {
        return start(ip, port, () -> "");
    }

    /** @param stateAtFailure what to record right after a failed request (rules, routes) */
    static RequestLoop start(String ip, int port, Supplier<String> stateAtFailure) {
        RequestLoop loop = new RequestLoop(ip, port, stateAtFailure);
        loop.thread.start();
        return loop;
    }

    private void loop() {
        while (running) {
            long sent = System.currentTimeMillis();
            String answer = ServicesE2E.get(ip, port);
            if (answer.startsWith("<")) {
                String failure = sent + "-" + System.currentTimeMillis() + " " + answer;
                failures.add(failure);
                timeline.add(failure + "\n" + stateAtFailure.get());
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

    /** Notes a step of the test in the timeline that a failure report shows. */
    void mark(String step) {
        timeline.add(System.currentTimeMillis() + " " + step + " (after " + successes() + " successes)");
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
        assertEquals(List.of(), failures, "requests failed while " + successes() + " succeeded; timeline (ms):\n"
                + String.join("\n", timeline));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(15));
    }
}
