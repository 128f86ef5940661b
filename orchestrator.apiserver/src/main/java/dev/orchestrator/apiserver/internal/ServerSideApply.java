package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server-side apply: merges a manager's applied configuration into the live object by the field-set
 * rules ({@link ApplyMerge}), refuses changes of fields other managers own unless forced
 * ({@link ApplyConflicts}), removes fields the manager applied before and applies no longer when no one
 * else owns them, and records the applied fields as the manager's Apply entry.
 *
 * <p>Migration from client-side apply: kubectl's client-side apply owns what it set as
 * {@code kubectl-client-side-apply}; an apply touching only fields that the object's
 * {@code last-applied-configuration} holds takes them over without a conflict, and the annotation is
 * rewritten to the applied configuration, so a later client-side apply computes from it.
 */
final class ServerSideApply {

    static final String CLIENT_SIDE_APPLY = "kubectl-client-side-apply";
    static final String KUBECTL = "kubectl";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final ListTypes listTypes;

    ServerSideApply(ListTypes listTypes) {
        this.listTypes = listTypes;
    }

    /**
     * The object after {@code manager} applied {@code config} to {@code live} (null: the object is
     * created), with its managedFields. {@code apiVersion} is the version the configuration was written in.
     */
    ObjectNode apply(ResourceType type, String apiVersion, ObjectNode live, ObjectNode config, FieldManager manager,
                     boolean force, String subresource) {
        ObjectFields fields = new ObjectFields(type, listTypes, subresource);
        ObjectMeta.metadata(config).remove("managedFields");
        FieldSet applied = fields.of(config);
        ApplyMerge merge = new ApplyMerge(type, listTypes);
        ObjectNode merged = (ObjectNode) merge.merge(live == null ? Json.object() : live.deepCopy(), config,
                new java.util.ArrayList<>());
        List<ManagedFields.Entry> entries = live == null ? new java.util.ArrayList<>()
                : FieldOwnership.lenient(live.path("metadata").get("managedFields"));
        FieldSet changed = fields.changed(live, merged).intersection(applied);
        checkConflicts(fields, live, entries, changed, manager, force, subresource);
        ManagedFields.revoke(entries, changed, ManagedFields.indexOf(entries, manager.name(), ManagedFields.APPLY,
                subresource));
        removeUnapplied(merge, merged, entries, applied, manager, subresource);
        ManagedFields.grant(entries, manager.name(), ManagedFields.APPLY, subresource, apiVersion, applied, true);
        ManagedFields.write(merged, entries);
        if (live != null && subresource == null && lastApplied(live) != null) {
            Json.objectField(ObjectMeta.metadata(merged), "annotations").put(LAST_APPLIED, lastAppliedOf(config));
        }
        return merged;
    }

    private void checkConflicts(ObjectFields fields, ObjectNode live, List<ManagedFields.Entry> entries,
                                FieldSet changed, FieldManager manager, boolean force, String subresource) {
        if (force || changed.isEmpty()) {
            return;
        }
        // Only kubectl's own server-side apply upgrades from client-side apply, as in Kubernetes: another
        // manager named on purpose still conflicts with what kubectl apply set.
        FieldSet allowed = KUBECTL.equals(manager.name()) ? lastAppliedFields(fields, live) : null;
        ApplyConflicts conflicts = new ApplyConflicts();
        for (ManagedFields.Entry e : entries) {
            if (e.sameOwner(manager.name(), ManagedFields.APPLY, subresource)) {
                continue; // its own earlier apply; its Update entry is another owner, as in Kubernetes
            }
            FieldSet owned = e.fields().intersection(changed);
            if (CLIENT_SIDE_APPLY.equals(e.manager()) && allowed != null) {
                owned.minus(allowed);
            }
            if (!owned.prune()) {
                conflicts.add(e, owned);
            }
        }
        if (!conflicts.isEmpty()) {
            throw conflicts.toException();
        }
    }

    /** The fields of the last client-side applied configuration, null when there is none (or it is damaged). */
    private static FieldSet lastAppliedFields(ObjectFields fields, ObjectNode live) {
        String text = live == null ? null : lastApplied(live);
        if (text == null) {
            return null;
        }
        try {
            return fields.of(Json.parseObject(text.getBytes(StandardCharsets.UTF_8), false));
        } catch (ApiException e) {
            return null;
        }
    }

    private static String lastApplied(ObjectNode object) {
        return Json.text(object.path("metadata").path("annotations"), LAST_APPLIED);
    }

    private static String lastAppliedOf(ObjectNode config) {
        ObjectNode copy = config.deepCopy();
        JsonNode annotations = copy.path("metadata").path("annotations");
        if (annotations instanceof ObjectNode a) {
            a.remove(LAST_APPLIED);
            if (a.isEmpty()) {
                ObjectMeta.metadata(copy).remove("annotations");
            }
        }
        return copy.toString();
    }

    /** Fields this manager applied last time but not now, owned by no one else, leave the object. */
    private static void removeUnapplied(ApplyMerge merge, ObjectNode merged, List<ManagedFields.Entry> entries,
                                        FieldSet applied, FieldManager manager, String subresource) {
        int own = ManagedFields.indexOf(entries, manager.name(), ManagedFields.APPLY, subresource);
        if (own < 0) {
            return;
        }
        FieldSet gone = entries.get(own).fields().copy().minus(applied);
        if (gone.prune()) {
            return;
        }
        FieldSet others = new FieldSet();
        for (int i = 0; i < entries.size(); i++) {
            if (i != own) {
                others.union(entries.get(i).fields());
            }
        }
        FieldSet removable = new FieldSet();
        for (List<String> path : gone.paths()) {
            if (!others.hasAtOrBelow(path) && !applied.hasAtOrBelow(path)) {
                FieldSet node = removable;
                for (String element : path) {
                    node = node.child(element);
                }
                node.markMember();
            }
        }
        merge.remove(merged, removable);
    }
}
