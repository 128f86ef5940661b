package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.Operation;
import java.util.List;
import java.util.function.Supplier;

/**
 * A new Ingress that names no class gets the default IngressClass (annotated
 * {@code ingressclass.kubernetes.io/is-default-class: "true"}; the newest when several are), as Kubernetes'
 * DefaultIngressClass admission gives it; a NetworkPolicy written is answered with a warning that this cluster
 * stores it without enforcing it, so nobody takes it for protection it does not give.
 */
final class NetworkingAdmission implements MutatingAdmission {

    static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
    static final String NOT_ENFORCED = "NetworkPolicy is stored but not enforced: this cluster's pod network does not "
            + "filter traffic between pods";

    private final Supplier<List<ObjectNode>> ingressClasses;

    NetworkingAdmission(Supplier<List<ObjectNode>> ingressClasses) {
        this.ingressClasses = ingressClasses;
    }

    static NetworkingAdmission of(ObjectStorage storage, ResourceRegistry registry) {
        return new NetworkingAdmission(ClassObjects.all(storage, registry, "networking.k8s.io", "ingressclasses"));
    }

    @Override
    public void admit(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        boolean write = request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE;
        if (write && request.isMain("networking.k8s.io", "networkpolicies")) {
            context.warn(NOT_ENFORCED);
        } else if (request.operation() == Operation.CREATE && request.isMain("networking.k8s.io", "ingresses")
                && object.path("spec").path("ingressClassName").asText("").isEmpty()) {
            ClassObjects.newestDefault(ingressClasses.get(), DEFAULT_CLASS_ANNOTATION).ifPresent(c -> Json.objectField(object, "spec").put("ingressClassName", ObjectMeta.name(c)));
        }
    }
}
