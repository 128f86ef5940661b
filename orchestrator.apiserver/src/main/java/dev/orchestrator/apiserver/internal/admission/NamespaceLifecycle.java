package dev.orchestrator.apiserver.internal.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.Operation;
import dev.orchestrator.api.admission.ValidatingAdmission;
import java.util.Set;

/**
 * Kubernetes' {@code NamespaceLifecycle}: content is created only in a namespace that exists (404 otherwise) and
 * is not being deleted (403: the namespace controller is removing what it holds, so new content would either
 * hold the namespace forever or vanish at once), and the namespaces the system relies on cannot be deleted.
 * The create check is the first mutating step, as in Kubernetes, so a create in a missing namespace reads as
 * such before any other complaint about the object.
 */
public final class NamespaceLifecycle implements MutatingAdmission, ValidatingAdmission {

    static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

    @Override
    public void admit(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        if (request.operation() != Operation.CREATE || request.namespace().isEmpty()
                || request.isMain("", "namespaces")) {
            return;
        }
        ObjectNode namespace = context.lookup().get("", "namespaces", "", request.namespace())
                .orElseThrow(() -> new AdmissionDeniedException(404, "NotFound",
                        "namespaces \"" + request.namespace() + "\" not found"));
        if (namespace.path("metadata").has("deletionTimestamp")) {
            throw new NamespaceTerminating(request.namespace());
        }
    }

    @Override
    public void validate(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        if (request.operation() == Operation.DELETE && request.isMain("", "namespaces")
                && IMMORTAL.contains(request.name())) {
            throw new AdmissionDeniedException("this namespace may not be deleted");
        }
    }

    /**
     * The denial of content in a namespace being deleted; the API server adds Kubernetes' status cause
     * ({@code NamespaceTerminating} on {@code metadata.namespace}), by which controllers tell it from other
     * refusals and stop creating, as Kubernetes' do.
     */
    public static final class NamespaceTerminating extends AdmissionDeniedException {
        private static final long serialVersionUID = 1L;
        public static final String CAUSE = "NamespaceTerminating";

        public final String namespace;

        NamespaceTerminating(String namespace) {
            super("unable to create new content in namespace " + namespace + " because it is being terminated");
            this.namespace = namespace;
        }
    }
}
