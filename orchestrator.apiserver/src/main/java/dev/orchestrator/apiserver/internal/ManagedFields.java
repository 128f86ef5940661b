package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The entries of {@code metadata.managedFields}: read, written, found by manager, operation and subresource. */
final class ManagedFields {

    static final String APPLY = "Apply";
    static final String UPDATE = "Update";

    /** One manager's fields for one operation; {@code subresource} is null for the main resource. */
    record Entry(String manager, String operation, String apiVersion, String time, String subresource,
                 FieldSet fields) {

        boolean sameOwner(String manager, String operation, String subresource) {
            return this.manager.equals(manager) && this.operation.equals(operation)
                    && java.util.Objects.equals(this.subresource, subresource);
        }

        Entry with(FieldSet fields, String apiVersion) {
            return new Entry(manager, operation, apiVersion, Json.now(), subresource, fields);
        }
    }

    private ManagedFields() {
    }

    /** Whether a client sent the reset form: a list of empty entries ({@code [{}]}). */
    static boolean isReset(JsonNode supplied) {
        if (!(supplied instanceof ArrayNode a) || a.isEmpty()) {
            return false;
        }
        for (JsonNode e : a) {
            if (!e.isObject() || !e.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The entries of a managedFields list; a malformed list is an {@link IllegalArgumentException}. */
    static List<Entry> read(JsonNode managedFields) {
        List<Entry> entries = new ArrayList<>();
        if (managedFields == null || managedFields.isMissingNode() || managedFields.isNull()) {
            return entries;
        }
        if (!managedFields.isArray()) {
            throw new IllegalArgumentException("must be a list of entries");
        }
        for (JsonNode e : managedFields) {
            String manager = Json.text(e, "manager");
            String operation = Json.text(e, "operation");
            if (manager == null) {
                throw new IllegalArgumentException("each entry needs a manager");
            }
            if (!APPLY.equals(operation) && !UPDATE.equals(operation)) {
                throw new IllegalArgumentException("operation must be Apply or Update, not " + operation);
            }
            String fieldsType = Json.text(e, "fieldsType");
            if (fieldsType != null && !fieldsType.equals("FieldsV1")) {
                throw new IllegalArgumentException("fieldsType must be FieldsV1, not " + fieldsType);
            }
            String subresource = Json.text(e, "subresource");
            entries.add(new Entry(manager, operation, Json.text(e, "apiVersion"), Json.text(e, "time"),
                    subresource == null || subresource.isEmpty() ? null : subresource,
                    e.has("fieldsV1") ? FieldSet.fromJson(e.get("fieldsV1")) : new FieldSet()));
        }
        return entries;
    }

    /** Writes {@code entries} into the object's metadata, dropping those that own nothing. */
    static void write(ObjectNode object, List<Entry> entries) {
        ArrayNode list = Json.array();
        for (Entry e : entries) {
            if (e.fields().isEmpty()) {
                continue;
            }
            ObjectNode json = list.addObject();
            json.put("manager", e.manager());
            json.put("operation", e.operation());
            if (e.apiVersion() != null) {
                json.put("apiVersion", e.apiVersion());
            }
            if (e.time() != null) {
                json.put("time", e.time());
            }
            json.put("fieldsType", "FieldsV1");
            json.set("fieldsV1", e.fields().toJson());
            if (e.subresource() != null) {
                json.put("subresource", e.subresource());
            }
        }
        if (list.isEmpty()) {
            ObjectMeta.metadata(object).remove("managedFields");
        } else {
            ObjectMeta.metadata(object).set("managedFields", list);
        }
    }

    static int indexOf(List<Entry> entries, String manager, String operation, String subresource) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).sameOwner(manager, operation, subresource)) {
                return i;
            }
        }
        return -1;
    }

    /** Gives {@code fields} to one owner (adding to what it had), creating its entry when missing. */
    static void grant(List<Entry> entries, String manager, String operation, String subresource, String apiVersion,
                      FieldSet fields, boolean replace) {
        int at = indexOf(entries, manager, operation, subresource);
        if (at < 0) {
            entries.add(new Entry(manager, operation, apiVersion, Json.now(), subresource, fields));
        } else {
            FieldSet owned = replace ? fields : entries.get(at).fields().copy().union(fields);
            entries.set(at, entries.get(at).with(owned, apiVersion));
        }
    }

    /** Takes {@code fields} from every entry but the one at {@code except} (-1: from all). */
    static void revoke(List<Entry> entries, FieldSet fields, int except) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (i != except && !e.fields().intersection(fields).isEmpty()) {
                entries.set(i, new Entry(e.manager(), e.operation(), e.apiVersion(), e.time(), e.subresource(),
                        e.fields().copy().minus(fields)));
            }
        }
    }
}
