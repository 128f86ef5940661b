package dev.orchestrator.controllers.internal.events;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Deletes each Event of one kind once its time-to-live after its last write has passed ({@link EventExpiry}); until
 * then its key waits in the queue for that moment. The delete is conditional on the resourceVersion read, so an Event
 * written again meanwhile stays (the 409 is dropped: its update brings the key back with a later expiry).
 */
final class EventTtlReconciler<E extends HasMetadata> implements Reconciler<E> {

    private final Class<E> kind;
    private final String controllerName;
    private final KubernetesClient client;
    private final Duration ttl;
    private final Clock clock;

    EventTtlReconciler(Class<E> kind, String controllerName, KubernetesClient client, Duration ttl, Clock clock) {
        this.kind = kind;
        this.controllerName = controllerName;
        this.client = client;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Watches<E> watches() {
        return Watches.of(controllerName, kind);
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<E> found = context.lister(kind).get(request.namespace(), request.name());
        if (found.isEmpty()) {
            return Result.done();
        }
        Optional<Instant> expiry = EventExpiry.of(found.get(), ttl);
        if (expiry.isEmpty()) {
            return Result.done();
        }
        Duration left = Duration.between(clock.instant(), expiry.get());
        if (left.compareTo(Duration.ZERO) > 0) {
            return Result.requeueAfter(left.plusMillis(100)); // past the second the times are written in
        }
        try {
            client.resources(kind).inNamespace(request.namespace()).withName(request.name())
                    .lockResourceVersion(found.get().getMetadata().getResourceVersion()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
        return Result.done();
    }
}
