package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * PriorityClasses ({@code scheduling.k8s.io/v1}): Kubernetes' two system classes, which every cluster has and none may
 * delete, and the rules of the others — a value of at most one billion, no {@code system-} name, value and
 * preemption policy fixed at creation.
 */
final class PriorityClasses implements ResourceStrategy {

    static final PriorityClasses STRATEGY = new PriorityClasses();

    /** The largest value a class that is not a system class may have. */
    static final long HIGHEST_USER_VALUE = 1_000_000_000L;

    /** The system classes and their values, as Kubernetes defines them. */
    static final Map<String, Long> SYSTEM = Map.of(
            "system-node-critical", 2_000_001_000L,
            "system-cluster-critical", 2_000_000_000L);

    private static final Map<String, String> SYSTEM_DESCRIPTIONS = Map.of(
            "system-node-critical", "For pods a node cannot work without; they are not moved off their node.",
            "system-cluster-critical", "For pods the cluster cannot work without; they may move to another node.");

    private static final List<String> POLICIES = List.of("Never", "PreemptLowerPriority");

    private PriorityClasses() {
    }

    /** A system class as it is bootstrapped. */
    static ObjectNode system(String name) {
        ObjectNode pc = Json.object();
        pc.putObject("metadata").put("name", name);
        pc.put("value", SYSTEM.get(name));
        pc.put("description", SYSTEM_DESCRIPTIONS.get(name));
        return pc;
    }

    @Override
    public void prepareForCreate(ObjectNode pc) {
        PodStrategy.putIfAbsent(pc, "preemptionPolicy", "PreemptLowerPriority");
    }

    @Override
    public void prepareForUpdate(ObjectNode pc, ObjectNode old) {
        prepareForCreate(pc);
    }

    @Override
    public void validate(ObjectNode pc, List<ApiException.Cause> causes) {
        String name = ObjectMeta.name(pc);
        JsonNode value = pc.path("value");
        if (!value.isIntegralNumber()) {
            causes.add(new ApiException.Cause("FieldValueRequired", "value", "Required value"));
        } else if (SYSTEM.containsKey(name)) {
            if (value.asLong() != SYSTEM.get(name)) {
                causes.add(new ApiException.Cause("FieldValueForbidden", "value", "Forbidden: the value of system "
                        + "priority class " + name + " must be " + SYSTEM.get(name)));
            }
        } else if (value.asLong() > HIGHEST_USER_VALUE) {
            causes.add(new ApiException.Cause("FieldValueForbidden", "value",
                    "Forbidden: maximum allowed value of a user defined priority is " + HIGHEST_USER_VALUE));
        }
        if (name.startsWith("system-") && !SYSTEM.containsKey(name)) {
            causes.add(new ApiException.Cause("FieldValueForbidden", "metadata.name",
                    "Forbidden: priority class names with 'system-' prefix are reserved"));
        }
        JsonNode policy = pc.path("preemptionPolicy");
        if (!policy.isMissingNode() && !policy.isNull() && !POLICIES.contains(policy.asText())) {
            causes.add(new ApiException.Cause("FieldValueNotSupported", "preemptionPolicy", "Unsupported value: "
                    + policy + ": supported values: \"Never\", \"PreemptLowerPriority\""));
        }
    }

    @Override
    public void validateUpdate(ObjectNode pc, ObjectNode old, List<ApiException.Cause> causes) {
        for (String field : List.of("value", "preemptionPolicy")) {
            if (!pc.path(field).equals(old.path(field))) {
                causes.add(new ApiException.Cause("FieldValueInvalid", field, "Invalid value: " + pc.path(field)
                        + ": field is immutable"));
            }
        }
    }

    @Override
    public void checkDeletable(String name) {
        if (SYSTEM.containsKey(name)) {
            throw ApiException.forbidden("scheduling.k8s.io", "priorityclasses", name, "priorityclasses.scheduling.k8s.io \""
                    + name + "\" is forbidden: this is a system priority class and cannot be deleted");
        }
    }
}
