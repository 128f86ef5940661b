package dev.orchestrator.controllers.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventExpiryTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private static EventBuilder event(String created) {
        return new EventBuilder().withNewMetadata().withName("e").withCreationTimestamp(created).endMetadata()
                .withReason("Started");
    }

    @Test
    void anEventNeverWrittenAgainExpiresItsTtlAfterItsCreation() {
        assertEquals(Optional.of(Instant.parse("2026-12-05T11:00:00Z")),
                EventExpiry.of(event("2026-12-05T10:00:00Z").build(), HOUR));
    }

    @Test
    void eachWriteRenewsIt() {
        var renewed = event("2026-12-05T10:00:00Z").editMetadata()
                .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubelet").withOperation("Update")
                        .withTime("2026-12-05T10:40:00Z").build())
                .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("other").withOperation("Update")
                        .withTime("2026-12-05T10:20:00Z").build())
                .endMetadata().build();
        assertEquals(Optional.of(Instant.parse("2026-12-05T11:40:00Z")), EventExpiry.of(renewed, HOUR));
    }

    @Test
    void theReportersOwnClockDoesNotCount() {
        var future = event("2026-12-05T10:00:00Z").withLastTimestamp("2030-01-01T00:00:00Z")
                .withFirstTimestamp("2030-01-01T00:00:00Z").build();
        assertEquals(Optional.of(Instant.parse("2026-12-05T11:00:00Z")), EventExpiry.of(future, HOUR));
    }

    @Test
    void withoutAServerTimeItIsLeftAlone() {
        assertEquals(Optional.empty(), EventExpiry.of(new Event(), HOUR));
        assertEquals(Optional.empty(), EventExpiry.of(event(null).build(), HOUR));
        assertEquals(Optional.empty(), EventExpiry.of(event("yesterday").build(), HOUR));
    }
}
