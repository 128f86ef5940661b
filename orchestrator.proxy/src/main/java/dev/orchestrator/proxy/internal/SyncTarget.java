package dev.orchestrator.proxy.internal;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ServiceProxy;
import dev.orchestrator.api.proxy.ServiceProxy.SyncScope;
import java.time.Duration;
import java.time.Instant;

/**
 * What the core knows of one proxy: the state it last programmed, when it last rewrote everything, and its
 * retry back-off after a refused sync. Only the sync thread touches it.
 */
final class SyncTarget {

    private final ServiceProxy proxy;
    private final String mode;
    private ProxyState applied;
    private Instant lastFull = Instant.MIN;
    private int failures;
    private Instant retryAt = Instant.MIN;

    SyncTarget(ServiceProxy proxy) {
        this.proxy = proxy;
        this.mode = proxy.mode();
    }

    ServiceProxy proxy() {
        return proxy;
    }

    /** The proxy's mode, read once while its bundle was surely active. */
    String mode() {
        return mode;
    }

    /** The scope this proxy needs now, or {@code null} when it is up to date or waiting out a back-off. */
    SyncScope due(ProxyState desired, Instant now, Duration fullEvery) {
        if (now.isBefore(retryAt)) {
            return null;
        }
        if (applied == null || !now.isBefore(lastFull.plus(fullEvery))) {
            return SyncScope.FULL;
        }
        return desired.equals(applied) ? null : SyncScope.CHANGES;
    }

    void succeeded(ProxyState state, SyncScope scope, Instant now) {
        applied = state;
        if (scope == SyncScope.FULL) {
            lastFull = now;
        }
        failures = 0;
        retryAt = Instant.MIN;
    }

    /** Records a refused sync; returns the wait before the next attempt (1 s doubling up to {@code max}). */
    Duration failed(Instant now, Duration max) {
        failures++;
        long seconds = Math.min(max.toSeconds(), 1L << Math.min(failures - 1, 20));
        Duration wait = Duration.ofSeconds(Math.max(1, seconds));
        retryAt = now.plus(wait);
        return wait;
    }

    int failures() {
        return failures;
    }

    /** When this proxy wants attention again without a change: its retry or its next full sync. */
    Instant nextWake(Duration fullEvery) {
        Instant full = applied == null ? Instant.MIN : lastFull.plus(fullEvery);
        return retryAt.isAfter(full) ? retryAt : full;
    }
}
