package dev.orchestrator.streaming.internal;

import dev.orchestrator.api.streaming.ExecHandler;
import dev.orchestrator.api.streaming.ExecStreams;
import dev.orchestrator.api.streaming.TerminalSize;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec or attach session once the client's streams are there, whatever the protocol: runs the handler on the
 * pool, then hands its {@link ExecOutcome} to the protocol, which writes it and closes the connection. When the client
 * goes first ({@link #cancel}), the handler's thread is interrupted and nothing more is written.
 */
final class ExecRun implements ExecStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ExecRun.class);

    private final ExecHandler handler;
    private final Optional<InboundPipe> stdin;
    private final Optional<FrameOutput> stdout;
    private final Optional<FrameOutput> stderr;
    private final boolean tty;
    private final ResizeFeed resizes;
    private final Consumer<ExecOutcome> finish;
    private Thread thread;
    private boolean cancelled;

    ExecRun(ExecHandler handler, Optional<InboundPipe> stdin, Optional<FrameOutput> stdout,
            Optional<FrameOutput> stderr, boolean tty, ResizeFeed resizes, Consumer<ExecOutcome> finish) {
        this.handler = handler;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.tty = tty;
        this.resizes = resizes;
        this.finish = finish;
    }

    /**
     * Runs the handler on {@code pool}; false when the pool is full (the caller, on its event loop, which must not
     * wait for writes, then closes the connection).
     */
    boolean start(Executor pool) {
        try {
            pool.execute(this::run);
            return true;
        } catch (RejectedExecutionException e) {
            LOG.warn("Streaming session refused: all handler threads busy");
            return false;
        }
    }

    /** The client went away: interrupts the handler; its outcome is not sent. */
    void cancel() {
        synchronized (this) {
            cancelled = true;
            if (thread != null) {
                thread.interrupt();
            }
        }
        stdin.ifPresent(InboundPipe::end);
        resizes.close();
    }

    private void run() {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            thread = Thread.currentThread();
        }
        ExecOutcome outcome;
        try {
            outcome = ExecOutcome.exited(handler.run(this));
        } catch (Exception | LinkageError e) {
            outcome = ExecOutcome.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.debug("Streaming session failed", e);
        } finally {
            synchronized (this) {
                thread = null;
            }
            Thread.interrupted(); // an interrupt meant for the handler must not reach the pool's next task
            resizes.close();
            stdin.ifPresent(InboundPipe::close);
        }
        boolean gone;
        synchronized (this) {
            gone = cancelled;
        }
        if (!gone) {
            finish.accept(outcome);
        }
    }

    @Override
    public Optional<InputStream> stdin() {
        return stdin.map(InputStream.class::cast);
    }

    @Override
    public Optional<OutputStream> stdout() {
        return stdout.map(OutputStream.class::cast);
    }

    @Override
    public Optional<OutputStream> stderr() {
        return stderr.map(OutputStream.class::cast);
    }

    @Override
    public boolean tty() {
        return tty;
    }

    @Override
    public void onResize(Consumer<TerminalSize> listener) {
        if (tty) {
            resizes.onResize(listener);
        }
    }
}
