package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * managedFields of creates, updates and non-apply patches: the writer takes the fields it set or
 * changed (operation Update) and they leave every other manager; fields it removed leave everyone.
 * A client may send managedFields: a valid list different from the stored one replaces it, a list
 * of empty entries ({@code [{}]}) removes them all, as in Kubernetes.
 */
final class FieldOwnership {

    private final ListTypes listTypes;

    FieldOwnership(ListTypes listTypes) {
        this.listTypes = listTypes;
    }

    ListTypes listTypes() {
        return listTypes;
    }

    /** Records {@code manager} as the owner of every field of a new object. */
    void created(ResourceType type, ObjectNode object, FieldManager manager) {
        JsonNode supplied = object.path("metadata").get("managedFields");
        if (ManagedFields.isReset(supplied)) {
            ObjectMeta.metadata(object).remove("managedFields");
            return;
        }
        List<ManagedFields.Entry> entries = suppliedEntries(type, object, supplied);
        FieldSet fields = new ObjectFields(type, listTypes, null).of(object);
        ManagedFields.grant(entries, manager.name(), ManagedFields.UPDATE, null, type.apiVersion(), fields, false);
        ManagedFields.write(object, entries);
    }

    /** Moves the fields {@code updated} changed from {@code old} to {@code manager}. */
    void updated(ResourceType type, ObjectNode old, ObjectNode updated, FieldManager manager, String subresource) {
        JsonNode stored = old.path("metadata").get("managedFields");
        JsonNode supplied = updated.path("metadata").get("managedFields");
        if (ManagedFields.isReset(supplied)) {
            ObjectMeta.metadata(updated).remove("managedFields");
            return;
        }
        boolean keepStored = supplied == null || (supplied.isArray() && supplied.isEmpty()) || supplied.equals(stored);
        ObjectFields fields = new ObjectFields(type, listTypes, subresource);
        FieldSet changed = fields.changed(old, updated);
        FieldSet removed = fields.changed(updated, old); // what old had that is gone or different now
        if (changed.isEmpty() && removed.isEmpty() && keepStored) {
            copyStored(old, updated); // the common no-op write: no decoding of the entries
            return;
        }
        List<ManagedFields.Entry> entries = keepStored ? lenient(stored) : suppliedEntries(type, updated, supplied);
        ManagedFields.revoke(entries, removed, -1);
        ManagedFields.revoke(entries, changed, -1);
        if (!changed.isEmpty()) {
            ManagedFields.grant(entries, manager.name(), ManagedFields.UPDATE, subresource, type.apiVersion(), changed,
                    false);
        }
        ManagedFields.write(updated, entries);
    }

    private static void copyStored(ObjectNode old, ObjectNode updated) {
        JsonNode stored = old.path("metadata").get("managedFields");
        if (stored == null) {
            ObjectMeta.metadata(updated).remove("managedFields");
        } else {
            ObjectMeta.metadata(updated).set("managedFields", stored);
        }
    }

    /** Stored entries; ones written before this server kept managedFields (or damaged) count as none. */
    static List<ManagedFields.Entry> lenient(JsonNode stored) {
        try {
            return ManagedFields.read(stored);
        } catch (IllegalArgumentException e) {
            return new ArrayList<>();
        }
    }

    private static List<ManagedFields.Entry> suppliedEntries(ResourceType type, ObjectNode object, JsonNode supplied) {
        try {
            return ManagedFields.read(supplied);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(type, ObjectMeta.name(object) == null ? "" : ObjectMeta.name(object),
                    List.of(new ApiException.Cause("FieldValueInvalid", "metadata.managedFields",
                            "Invalid value: " + e.getMessage())));
        }
    }
}
