package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.Operation;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Kubernetes' Priority admission: a new pod's {@code priorityClassName} (or the class marked {@code globalDefault}
 * when it names none) gives it {@code spec.priority} and {@code spec.preemptionPolicy}, which the scheduler's queue
 * orders by; a class that does not exist, or a priority the pod sets itself that differs, is refused (403). Of the
 * classes, only one may be the global default.
 */
final class PriorityAdmission implements MutatingAdmission {

    private final Function<String, Optional<ObjectNode>> byName;
    private final Supplier<List<ObjectNode>> all;

    /**
     * @param byName a class by name
     * @param all every class (a handful; read only for a pod that names none, and for a class made default)
     */
    PriorityAdmission(Function<String, Optional<ObjectNode>> byName, Supplier<List<ObjectNode>> all) {
        this.byName = byName;
        this.all = all;
    }

    /** Reading the classes from the store. */
    static PriorityAdmission of(ObjectStorage storage, ResourceRegistry registry) {
        ResourceType classes = registry.find("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow();
        return new PriorityAdmission(name -> storage.lookUp(classes, null, name),
                ClassObjects.all(storage, registry, "scheduling.k8s.io", "priorityclasses"));
    }

    @Override
    public void admit(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        if (request.operation() == Operation.CREATE && request.isMain("", "pods")) {
            admitPod(object);
        } else if (request.operation() == Operation.UPDATE && request.isMain("", "pods")) {
            keepPriority(object, request.oldObject().orElse(null));
        } else if ((request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE)
                && request.isMain("scheduling.k8s.io", "priorityclasses") && object.path("globalDefault").asBoolean(false)) {
            String name = ObjectMeta.name(object);
            all.get().stream().filter(pc -> pc.path("globalDefault").asBoolean(false) && !name.equals(ObjectMeta.name(pc)))
                    .findFirst().ifPresent(other -> {
                        throw new AdmissionDeniedException("PriorityClass " + ObjectMeta.name(other)
                                + " is already marked as default. Only one default can exist");
                    });
        }
    }

    /** An update that leaves out what the create was given keeps it, as Kubernetes keeps it (the fields are fixed). */
    private static void keepPriority(ObjectNode pod, JsonNode old) {
        if (old == null || !(pod.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        for (String field : List.of("priority", "preemptionPolicy")) {
            if (!spec.has(field) && old.path("spec").has(field)) {
                spec.set(field, old.path("spec").get(field).deepCopy());
            }
        }
    }

    private void admitPod(ObjectNode pod) {
        ObjectNode spec = Json.objectField(pod, "spec");
        String className = spec.path("priorityClassName").asText("");
        Optional<ObjectNode> pc;
        if (className.isEmpty()) {
            pc = all.get().stream().filter(c -> c.path("globalDefault").asBoolean(false)).findFirst();
            pc.ifPresent(c -> spec.put("priorityClassName", ObjectMeta.name(c)));
        } else {
            pc = byName.apply(className);
            if (pc.isEmpty()) {
                throw new AdmissionDeniedException("no PriorityClass with name " + className + " was found");
            }
        }
        long priority = pc.map(c -> c.path("value").asLong()).orElse(0L);
        JsonNode given = spec.path("priority");
        if (given.isIntegralNumber() && given.asLong() != priority) {
            throw new AdmissionDeniedException("the integer value of priority (" + given.asLong() + ") must not be "
                    + "provided in pod spec; priority admission controller computed " + priority
                    + " from the given PriorityClass name");
        }
        spec.put("priority", (int) priority);
        pc.ifPresent(c -> spec.put("preemptionPolicy", c.path("preemptionPolicy").asText("PreemptLowerPriority")));
    }
}
