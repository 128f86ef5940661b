package dev.orchestrator.apiserver.internal.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a ResourceQuota's status with optimistic concurrency: the quota admission's charge of a new object. */
@FunctionalInterface
public interface QuotaStatusWriter {

    /**
     * Stores {@code quota} (with its new status) if the stored quota is still at the {@code resourceVersion}
     * {@code quota} carries.
     *
     * @return false when another writer changed the quota meanwhile (read it again and retry)
     */
    boolean replaceIfUnchanged(ObjectNode quota);
}
