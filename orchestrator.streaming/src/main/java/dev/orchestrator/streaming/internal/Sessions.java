package dev.orchestrator.streaming.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions registered and not opened yet, by token. A token is 32 random bytes (base64url), good for one
 * {@link #take}; a session past its time to live is gone. Thread-safe.
 */
final class Sessions {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, PendingSession> pending = new ConcurrentHashMap<>();
    private final int max;

    Sessions(int max) {
        this.max = max;
    }

    /** Registers {@code session} under a new token and returns the token. */
    String add(PendingSession session) {
        expire(System.nanoTime());
        if (pending.size() >= max) {
            throw new IllegalStateException("the streaming server has " + pending.size()
                    + " sessions waiting to be opened, its limit");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        pending.put(token, session);
        return token;
    }

    /** The session of {@code token}, removed: a token opens one session, once, before it expires. */
    Optional<PendingSession> take(String token) {
        PendingSession session = pending.remove(token);
        return session == null || session.expiresAtNanos() - System.nanoTime() < 0 ? Optional.empty()
                : Optional.of(session);
    }

    /** Drops the sessions whose time is up. */
    void expire(long nowNanos) {
        for (Iterator<PendingSession> i = pending.values().iterator(); i.hasNext(); ) {
            if (i.next().expiresAtNanos() - nowNanos < 0) {
                i.remove();
            }
        }
    }

    int size() {
        return pending.size();
    }

    void clear() {
        pending.clear();
    }
}
