package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What is special about one resource: defaults, validation, and the resources it holds
 * (cluster IPs, node ports). All hooks work on the JSON tree of the object.
 */
interface ResourceStrategy {

    /** Before a new object is validated: defaults, fields the server owns. */
    default void prepareForCreate(ObjectNode object) {
    }

    /** After a new object passed validation, just before it is stored: take what it needs. */
    default void allocate(ObjectNode object, Allocations allocations) {
    }

    /** Before an update of the main resource is stored ({@code old} is the stored object). */
    default void prepareForUpdate(ObjectNode object, ObjectNode old) {
    }

    /** Adds a cause for every invalid field; runs on create and on every update and patch. */
    default void validate(ObjectNode object, List<ApiException.Cause> causes) {
    }

    /** Adds a cause for what only a new object may not have; runs after {@link #validate} on create. */
    default void validateCreate(ObjectNode object, List<ApiException.Cause> causes) {
    }

    /**
     * Adds a cause for every change an update of the main resource may not make (immutable fields);
     * runs after {@link #validate} on PUT and PATCH, {@code old} being the stored object.
     */
    default void validateUpdate(ObjectNode object, ObjectNode old, List<ApiException.Cause> causes) {
    }

    /** Adds a cause for every invalid field of a write of the status subresource. */
    default void validateStatusUpdate(ObjectNode object, ObjectNode old, List<ApiException.Cause> causes) {
    }

    /** Refuses (403) the deletion of objects that must stay. */
    default void checkDeletable(String name) {
    }

    /** Seconds an object gets to shut down once deletion is asked; 0 removes it at once. */
    default long gracePeriodSeconds(ObjectNode current, JsonNode deleteOptions) {
        return 0;
    }

    /** Whether something besides {@code metadata.finalizers} keeps the object after deletion is asked. */
    default boolean heldOnDelete(ObjectNode current) {
        return false;
    }

    /** Marks an object whose deletion has started (besides its deletionTimestamp). */
    default void markTerminating(ObjectNode object) {
    }

    /** After an object is gone for good: give back what it held. */
    default void released(ObjectNode object, Allocations allocations) {
    }

    /** The strategy of resources with no special behaviour. */
    ResourceStrategy PLAIN = new ResourceStrategy() {
    };
}
