package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A check of a write beyond validation, on the object about to be stored: whether whoever writes it may
 * (RBAC escalation prevention, {@link RbacEscalation}). Runs on create, update, patch and apply, dry run included,
 * on the request's thread.
 */
@FunctionalInterface
interface WriteGuard {

    /**
     * @param old the stored object of an update, null on create
     * @throws ApiException (403) when the write is refused
     */
    void check(ResourceType type, ObjectNode object, ObjectNode old);

    WriteGuard NONE = (type, object, old) -> { };
}
