package dev.orchestrator.controllers.internal.events;

import dev.orchestrator.controllers.internal.Times;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an Event expires: its time-to-live after its last write. The last write is read from what the API server
 * itself stamps — the creation time and the time of each managed-fields entry, renewed by every update — never from
 * the Event's own timestamps, which its reporter sets with its own clock (Kubernetes counts from the last write too:
 * each write renews the key's etcd lease).
 */
final class EventExpiry {

    private EventExpiry() {
    }

    /** The expiry, empty when the Event carries no server time at all (it is then left alone). */
    static Optional<Instant> of(HasMetadata event, Duration ttl) {
        return lastWritten(event).map(written -> written.plus(ttl));
    }

    static Optional<Instant> lastWritten(HasMetadata event) {
        ObjectMeta meta = event.getMetadata();
        if (meta == null) {
            return Optional.empty();
        }
        Optional<Instant> last = Times.parse(meta.getCreationTimestamp());
        if (meta.getManagedFields() != null) {
            for (ManagedFieldsEntry entry : meta.getManagedFields()) {
                Optional<Instant> time = Times.parse(entry.getTime());
                if (time.isPresent() && (last.isEmpty() || time.get().isAfter(last.get()))) {
                    last = time;
                }
            }
        }
        return last;
    }
}
