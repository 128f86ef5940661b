package dev.orchestrator.runtime.cri.internal;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Turns gRPC failures into the runtime API's exceptions, keeping the runtime's own message. */
final class CriErrors {

    private CriErrors() {
    }

    /**
     * Maps a failed call: NOT_FOUND → {@link NotFoundException}; UNAVAILABLE and DEADLINE_EXCEEDED →
     * {@link RuntimeUnavailableException} naming the endpoint; anything else → {@link ContainerRuntimeException}
     * with the status description (the runtime's message).
     */
    static ContainerRuntimeException map(StatusRuntimeException e, String operation, CriEndpoint endpoint) {
        Status status = e.getStatus();
        String description = description(status);
        return switch (status.getCode()) {
            case NOT_FOUND -> new NotFoundException(description);
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new RuntimeUnavailableException(
                    "container runtime at " + endpoint + " did not answer " + operation + ": " + description, e);
            default -> new ContainerRuntimeException(description, e);
        };
    }

    /** The runtime's message, or the status code's name when it sent none. */
    static String description(Status status) {
        String d = status.getDescription();
        return d == null || d.isBlank() ? status.getCode().name() : d;
    }
}
