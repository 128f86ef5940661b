package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The eviction subresource ({@code POST …/pods/{name}/eviction} with a policy/v1 or policy/v1beta1 Eviction): a
 * pod is deleted only if the PodDisruptionBudget that selects it allows one more disruption, which is taken from
 * the budget's status in one compare-and-swap write before the pod is deleted, so that two evictions racing for
 * the last disruption cannot both win. The decision itself is {@link EvictionDecision}.
 */
final class PodEvictions {

    private static final List<String> EVICTION_VERSIONS = List.of("policy/v1", "policy/v1beta1");
    /** How often a pod that ignores budgets is read again when its deletion met a newer version (Kubernetes: 20). */
    private static final int IGNORED_BUDGET_ATTEMPTS = 20;
    private static final String MORE_THAN_ONE = "This pod has more than one PodDisruptionBudget, which the eviction "
            + "subresource does not support.";

    private final ObjectStorage storage;
    private final ObjectWrites writes;
    private final ResourceType budgets;

    PodEvictions(ObjectStorage storage, ObjectWrites writes, ResourceRegistry registry) {
        this.storage = storage;
        this.writes = writes;
        this.budgets = registry.find("policy", "v1", "poddisruptionbudgets").orElseThrow();
    }

    /**
     * Evicts the pod, or refuses with 429 when its budget allows no disruption now.
     *
     * @return the Success Status (201) to answer
     */
    ObjectNode evict(ResourceType pods, String namespace, String name, ObjectNode eviction, boolean dryRun) {
        JsonNode options = deleteOptions(namespace, name, eviction);
        boolean dry = dryRun || options.path("dryRun").size() > 0;
        boolean clientPinned = options.path("preconditions").hasNonNull("resourceVersion");
        ObjectNode pod;
        for (int attempt = 1; ; attempt++) {
            pod = storage.getOrNotFound(pods, namespace, name);
            if (!EvictionDecision.ignoresBudgets(pod)) {
                break;
            }
            try {
                disruptAndDelete(pods, namespace, name, EvictionDecision.pinsVersion(pod) && !clientPinned
                        ? pinned(options, pod) : options, dry);
                return success(name);
            } catch (ApiException e) {
                // our own pin met a newer pod (say, the kubelet's status): judge that one, as Kubernetes retries
                if (e.code != 409 || clientPinned || attempt >= IGNORED_BUDGET_ATTEMPTS) {
                    throw e;
                }
            }
        }
        List<ObjectNode> matching = budgetsOf(pod, namespace);
        if (matching.size() > 1) {
            throw ApiException.internal(MORE_THAN_ONE);
        }
        if (matching.isEmpty()) {
            disruptAndDelete(pods, namespace, name, options, dry);
            return success(name);
        }
        ObjectNode budget = matching.get(0);
        String budgetName = ObjectMeta.name(budget);
        if (EvictionDecision.unhealthyPodMayGo(pod, budget)) {
            // pinned to the version read: a pod that became ready meanwhile is protected again, and the client,
            // told to retry (429), finds it so
            try {
                disruptAndDelete(pods, namespace, name, clientPinned ? options : pinned(options, pod), dry);
            } catch (ApiException e) {
                throw e.code == 409 && !clientPinned ? EvictionDecision.stillProcessing(budgetName) : e;
            }
            return success(name);
        }
        if (dry) {
            EvictionDecision.consume(budget, name, Json.now()); // refuses as the real eviction would
        } else {
            storage.guaranteedUpdate(budgets, namespace, budgetName, current ->
                    EvictionDecision.consume(current, name, Json.now()));
        }
        disruptAndDelete(pods, namespace, name, options, dry);
        return success(name);
    }

    /** The Eviction's DeleteOptions, after checking that it names this pod. */
    private static JsonNode deleteOptions(String namespace, String name, ObjectNode eviction) {
        String apiVersion = eviction.path("apiVersion").asText("");
        String kind = eviction.path("kind").asText("");
        if (!kind.isEmpty() && (!kind.equals("Eviction") || !EVICTION_VERSIONS.contains(apiVersion))) {
            throw ApiException.badRequest("the body of an eviction must be an Eviction of " + EVICTION_VERSIONS
                    + ", not " + apiVersion + ", Kind=" + kind);
        }
        if (!name.equals(eviction.path("metadata").path("name").asText(""))) {
            throw ApiException.badRequest("name in URL does not match name in Eviction object");
        }
        String ns = eviction.path("metadata").path("namespace").asText("");
        if (!ns.isEmpty() && !ns.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent "
                    + "on the request");
        }
        JsonNode options = eviction.path("deleteOptions");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            throw ApiException.badRequest("deleteOptions of an Eviction must be an object");
        }
        return options.isObject() ? options : Json.object();
    }

    /**
     * The budgets of the pod's namespace whose selector matches its labels: as in Kubernetes (policy/v1), a budget
     * without a selector selects nothing, one with an empty selector every pod, and an unreadable one nothing.
     */
    private List<ObjectNode> budgetsOf(ObjectNode pod, String namespace) {
        JsonNode labels = pod.path("metadata").path("labels");
        return storage.list(budgets, namespace, 0, 0, null, budget -> {
            JsonNode selector = budget.path("spec").path("selector");
            if (!selector.isObject()) {
                return false;
            }
            try {
                return LabelSelector.fromObject(selector).matches(labels);
            } catch (ApiException unreadable) {
                return false;
            }
        }).items();
    }

    /** The options with the pod's resource version as precondition, unless the client gave one. */
    private static JsonNode pinned(JsonNode options, ObjectNode pod) {
        if (options.path("preconditions").hasNonNull("resourceVersion")) {
            return options;
        }
        ObjectNode copy = options.deepCopy();
        Json.objectField(copy, "preconditions").put("resourceVersion", pod.path("metadata").path("resourceVersion").asText());
        return copy;
    }

    /**
     * Marks the pod with the DisruptionTarget condition, as Kubernetes does so that a Job's pod failure policy can
     * tell an eviction from a crash, then deletes it with the Eviction's options (grace period, preconditions).
     */
    private void disruptAndDelete(ResourceType pods, String namespace, String name, JsonNode options, boolean dry) {
        JsonNode given = options;
        if (!dry) {
            String uid = Json.text(options.path("preconditions"), "uid");
            String version = Json.text(options.path("preconditions"), "resourceVersion");
            ObjectNode marked = storage.guaranteedUpdate(pods, namespace, name, pod -> {
                if (uid != null && !uid.equals(Json.text(pod.path("metadata"), "uid"))) {
                    throw ApiException.conflict(pods, name, "Precondition failed: UID in precondition: " + uid
                            + ", UID in object meta: " + Json.text(pod.path("metadata"), "uid"));
                }
                if (version != null && !version.equals(Json.text(pod.path("metadata"), "resourceVersion"))) {
                    throw ApiException.conflict(pods, name, ObjectStorage.MODIFIED);
                }
                return withDisruptionTarget(pod);
            });
            if (version != null) {
                // the condition is this request's own write: the precondition now holds for the marked version
                ObjectNode bumped = options.deepCopy();
                Json.objectField(bumped, "preconditions").put("resourceVersion",
                        marked.path("metadata").path("resourceVersion").asText());
                given = bumped;
            }
        }
        writes.delete(pods, namespace, name, given, dry);
    }

    static ObjectNode withDisruptionTarget(ObjectNode pod) {
        ObjectNode status = Json.objectField(pod, "status");
        if (!status.path("conditions").isArray()) {
            status.putArray("conditions");
        }
        ArrayNode conditions = (ArrayNode) status.get("conditions");
        ObjectNode condition = null;
        for (JsonNode c : conditions) {
            if ("DisruptionTarget".equals(c.path("type").asText())) {
                condition = (ObjectNode) c;
            }
        }
        if (condition == null) {
            condition = conditions.addObject().put("type", "DisruptionTarget");
        }
        if (!"True".equals(condition.path("status").asText())) {
            condition.put("lastTransitionTime", Json.now());
        }
        condition.put("status", "True");
        condition.put("reason", "EvictionByEvictionAPI");
        condition.put("message", "Eviction API: evicting");
        return pod;
    }

    private static ObjectNode success(String name) {
        return StatusBodies.success("pods", name, "", null).put("code", 201);
    }
}
