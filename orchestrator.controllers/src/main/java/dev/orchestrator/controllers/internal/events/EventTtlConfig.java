package dev.orchestrator.controllers.internal.events;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator event expiry",
        description = "Deletes Events an hour (ttlSeconds) after they were last written, as the API server's --event-ttl "
                + "does in Kubernetes, so that the events of a long-running cluster do not pile up in the store.")
public @interface EventTtlConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false): Events are then kept for ever.")
    boolean enabled() default true;

    @AttributeDefinition(description = "How long an Event lives after its last write, in seconds (Kubernetes: 1 h). "
            + "An Event written again (its count raised) lives on from that write.")
    long ttlSeconds() default 3600;
}
