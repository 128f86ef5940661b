package dev.orchestrator.api.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A plugin that may change an object before it is validated and stored (defaults, injected volumes).
 * Register as an OSGi service, named by {@link AdmissionPlugin}; {@code service.ranking} orders the plugins
 * (highest first). Called for
 * creates and updates of main resources, concurrently for different requests.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface MutatingAdmission {

    /**
     * Changes {@code object} in place, or leaves it.
     *
     * @param request what is written
     * @param object  the object to be stored, after defaulting
     * @throws AdmissionDeniedException to refuse the write
     */
    void admit(AdmissionRequest request, ObjectNode object, AdmissionContext context);
}
