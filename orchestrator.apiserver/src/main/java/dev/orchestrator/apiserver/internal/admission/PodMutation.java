package dev.orchestrator.apiserver.internal.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.Operation;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A mutating plugin made of a step that changes a pod ({@code DefaultTolerationSeconds}), called for the
 * pod's main resource on the operations given.
 */
public final class PodMutation implements MutatingAdmission {

    private final Set<Operation> operations;
    private final Consumer<ObjectNode> step;

    public PodMutation(Set<Operation> operations, Consumer<ObjectNode> step) {
        this.operations = Set.copyOf(operations);
        this.step = step;
    }

    @Override
    public void admit(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        if (operations.contains(request.operation()) && request.isMain("", "pods")) {
            step.accept(object);
        }
    }
}
