package dev.orchestrator.api.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A plugin that may refuse a write after the object was mutated and validated (quotas, policies).
 * Register as an OSGi service, named by {@link AdmissionPlugin}; {@code service.ranking} orders the plugins
 * (highest first). Called for
 * creates, updates (subresources included) and deletes, concurrently for different requests.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ValidatingAdmission {

    /**
     * @param request what is written
     * @param object  the object to be stored; for a delete, the object to be deleted. Read-only.
     * @throws AdmissionDeniedException to refuse the write
     */
    void validate(AdmissionRequest request, ObjectNode object, AdmissionContext context);
}
