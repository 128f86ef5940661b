package dev.orchestrator.apiserver.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The 409 of an apply that would change fields other managers own, worded as Kubernetes words it. */
final class ApplyConflicts {

    private final Map<String, List<String>> pathsByManager = new LinkedHashMap<>();

    void add(ManagedFields.Entry owner, FieldSet fields) {
        List<String> paths = pathsByManager.computeIfAbsent(describe(owner), m -> new ArrayList<>());
        fields.paths().forEach(p -> paths.add(FieldSet.print(p)));
    }

    boolean isEmpty() {
        return pathsByManager.isEmpty();
    }

    /** {@code "kubectl" using apps/v1} for an Update owner, {@code "kubectl"} for an Apply owner. */
    private static String describe(ManagedFields.Entry owner) {
        String quoted = "\"" + owner.manager() + "\"";
        return ManagedFields.UPDATE.equals(owner.operation()) && owner.apiVersion() != null
                ? quoted + " using " + owner.apiVersion() : quoted;
    }

    ApiException toException() {
        List<ApiException.Cause> causes = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        pathsByManager.forEach((manager, paths) -> {
            paths.forEach(p -> causes.add(new ApiException.Cause("FieldManagerConflict", p, "conflict with " + manager)));
            if (paths.size() == 1) {
                groups.add("conflict with " + manager + ": " + paths.get(0));
            } else {
                groups.add("conflicts with " + manager + ":\n- " + String.join("\n- ", paths));
            }
        });
        String message = "Apply failed with " + causes.size() + " conflict" + (causes.size() == 1 ? "" : "s") + ": "
                + String.join("\n", groups);
        return ApiException.applyConflict(message, causes);
    }
}
