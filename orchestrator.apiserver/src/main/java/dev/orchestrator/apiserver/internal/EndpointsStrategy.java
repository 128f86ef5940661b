package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.EndpointsValidation;
import java.util.List;

/** Endpoints and EndpointSlices: ports default to TCP (as in Kubernetes), then validation. */
final class EndpointsStrategy implements ResourceStrategy {

    static final EndpointsStrategy ENDPOINTS = new EndpointsStrategy(false);
    static final EndpointsStrategy ENDPOINT_SLICES = new EndpointsStrategy(true);

    private final boolean slices;

    private EndpointsStrategy(boolean slices) {
        this.slices = slices;
    }

    @Override
    public void prepareForCreate(ObjectNode object) {
        defaultPorts(object);
    }

    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old) {
        defaultPorts(object);
    }

    private void defaultPorts(ObjectNode object) {
        if (slices) {
            defaultProtocols(object.path("ports"));
        } else {
            object.path("subsets").forEach(subset -> defaultProtocols(subset.path("ports")));
        }
    }

    private static void defaultProtocols(JsonNode ports) {
        for (JsonNode p : ports) {
            if (p instanceof ObjectNode port) {
                PodStrategy.putIfAbsent(port, "protocol", "TCP");
            }
        }
    }

    @Override
    public void validate(ObjectNode object, List<ApiException.Cause> causes) {
        if (slices) {
            EndpointsValidation.validateEndpointSlice(object, Causes.into(causes));
        } else {
            EndpointsValidation.validateEndpoints(object, Causes.into(causes));
        }
    }

    @Override
    public void validateUpdate(ObjectNode object, ObjectNode old, List<ApiException.Cause> causes) {
        if (slices) {
            EndpointsValidation.validateEndpointSliceUpdate(object, old, Causes.into(causes));
        }
    }
}
