package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.support.leader.LeaseLeadership;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controllers of the known reconcilers, running while this runtime leads. Reconcilers come and
 * go at any time (whiteboard): while leading, one arriving starts its controller and one leaving
 * stops it (reconciles in progress finish or are abandoned first). Losing leadership stops all of
 * them and ends the leadership term (shared informers, expectations: the next term lists afresh).
 * Two reconcilers with one controller name never run at once: the second waits until the first
 * leaves.
 */
final class RunningControllers implements LeaseLeadership.Role {

    /** A controller as this class drives it. */
    interface Running {
        String name();

        void start();

        void stop();
    }

    /** What one leadership term needs: controllers made on its informers, and its end. */
    interface Term extends AutoCloseable {
        Running controller(Reconciler<?> reconciler, Watches<?> watches);

        @Override
        void close();
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunningControllers.class);

    private final java.util.function.Supplier<Term> terms;
    private final Map<Reconciler<?>, Watches<?>> known = new LinkedHashMap<>();
    private final Map<Reconciler<?>, Running> running = new IdentityHashMap<>();
    private Term term;

    RunningControllers(java.util.function.Supplier<Term> terms) {
        this.terms = terms;
    }

    /** A reconciler service arrived; its declaration is read once, here. */
    synchronized void add(Reconciler<?> reconciler) {
        Watches<?> watches;
        try {
            watches = reconciler.watches();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("ignoring a reconciler whose watches cannot be read reconciler={} error={}", reconciler, e.toString());
            return;
        }
        known.put(reconciler, watches);
        if (term != null) {
            startIfFree(reconciler);
        }
    }

    /** A reconciler service left: its controller stops; one waiting for the same name starts. */
    void remove(Reconciler<?> reconciler) {
        Running stopped;
        synchronized (this) {
            known.remove(reconciler);
            stopped = running.remove(reconciler);
        }
        if (stopped != null) {
            stopped.stop(); // outside the lock: may wait for the grace period
        }
        synchronized (this) {
            if (term != null) {
                new ArrayList<>(known.keySet()).forEach(this::startIfFree);
            }
        }
    }

    @Override
    public synchronized void startLeading() {
        term = terms.get();
        new ArrayList<>(known.keySet()).forEach(this::startIfFree);
    }

    @Override
    public synchronized void stopLeading() {
        running.values().forEach(Running::stop);
        running.clear();
        if (term != null) {
            term.close();
            term = null;
        }
    }

    private void startIfFree(Reconciler<?> reconciler) {
        Watches<?> watches = known.get(reconciler);
        if (watches == null || running.containsKey(reconciler)) {
            return;
        }
        for (Running c : running.values()) {
            if (c.name().equals(watches.name())) {
                LOG.warn("a controller of this name runs already, the new reconciler waits name={} reconciler={}",
                        watches.name(), reconciler);
                return;
            }
        }
        Running controller = term.controller(reconciler, watches);
        running.put(reconciler, controller);
        controller.start();
    }

    /** Names of the running controllers. */
    synchronized List<String> runningNames() {
        return running.values().stream().map(Running::name).sorted().toList();
    }
}
