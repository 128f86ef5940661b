package dev.orchestrator.streaming.internal;

import dev.orchestrator.api.streaming.PortForwardHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarded connections of one port-forward session, whatever the protocol: each runs the handler on the pool;
 * a failure is written on the connection's error stream as {@code error forwarding port <port>: <message>} (kubectl
 * prints it); both of its streams end after it. {@link #cancel} interrupts every connection still running.
 */
final class PortForwardRun {

    private static final Logger LOG = LoggerFactory.getLogger(PortForwardRun.class);

    private final PortForwardHandler handler;
    private final Executor pool;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    PortForwardRun(PortForwardHandler handler, Executor pool) {
        this.handler = handler;
        this.pool = pool;
    }

    /**
     * Forwards one connection: {@code in} and {@code out} are its data, {@code error} its error stream;
     * {@code done} runs when it is over (on the pool's thread).
     *
     * @return false when the pool is full and nothing runs: the caller (on its event loop, which must not wait for
     *         writes) then resets the connection
     */
    boolean forward(int port, InputStream in, OutputStream out, OutputStream error, Runnable done) {
        try {
            pool.execute(() -> run(port, in, out, error, done));
            return true;
        } catch (RejectedExecutionException e) {
            LOG.warn("Port-forward connection refused: all handler threads busy port={}", port);
            return false;
        }
    }

    /** Answers a connection that cannot be forwarded with {@code message} on its error stream. */
    void refuse(String message, OutputStream out, OutputStream error) {
        try {
            pool.execute(() -> fail(message, out, error));
        } catch (RejectedExecutionException e) {
            // no thread to write with: the connection's end tells the client
        }
    }

    private void run(int port, InputStream in, OutputStream out, OutputStream error, Runnable done) {
        Thread self = Thread.currentThread();
        running.add(self);
        String failure = null;
        try {
            if (!cancelled) {
                handler.forward(port, in, out);
            }
        } catch (Exception | LinkageError e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.debug("Port-forward connection failed port={}", port, e);
        } finally {
            running.remove(self);
            Thread.interrupted(); // an interrupt meant for the handler must not reach the pool's next task
            try {
                in.close();
            } catch (IOException e) {
                // nothing to release
            }
        }
        if (!cancelled) {
            if (failure != null) {
                fail(port, failure, out, error);
            } else {
                closeQuietly(out);
                closeQuietly(error);
            }
        }
        done.run();
    }

    private static void fail(int port, String message, OutputStream out, OutputStream error) {
        fail("error forwarding port " + port + ": " + message, out, error);
    }

    private static void fail(String message, OutputStream out, OutputStream error) {
        closeQuietly(out);
        try {
            error.write(message.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client is gone
        }
        closeQuietly(error);
    }

    static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // the client is gone
        }
    }

    void cancel() {
        cancelled = true;
        running.forEach(Thread::interrupt);
    }
}
