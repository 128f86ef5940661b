package dev.orchestrator.apiserver.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.Operation;
import dev.orchestrator.api.admission.ValidatingAdmission;
import dev.orchestrator.support.quota.QuotaResources;
import dev.orchestrator.support.quota.QuotaResources.Target;
import dev.orchestrator.support.quota.Quantities;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kubernetes' {@code ResourceQuota} admission: a new object is charged to every quota of its namespace that
 * counts it ({@link QuotaResources}), and refused with 403 when a quota's {@code spec.hard} would be exceeded
 * ({@code exceeded quota: <name>, requested: …, used: …, limited: …}) or when a quota constrains pods' CPU or
 * memory and a container does not state it ({@code failed quota: <name>: must specify …}).
 *
 * <p>The charge is written into the quota's {@code status.used} before the object is stored, with the quota's
 * resourceVersion as precondition, exactly as Kubernetes does: of two creates racing for the last slot, one
 * writes first and the other, retrying on the conflict, reads the new usage and is refused. A create that
 * fails after its charge (a name taken) leaves usage a little high until the quota controller recounts.
 * Usage the controller has not counted yet is counted here from the stored objects. Creates only: updates
 * do not change what these names count.
 */
public final class ResourceQuotaAdmission implements ValidatingAdmission {

    private static final int ATTEMPTS = 20;

    private final QuotaStatusWriter writer;

    public ResourceQuotaAdmission(QuotaStatusWriter writer) {
        this.writer = writer;
    }

    @Override
    public void validate(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        if (request.operation() != Operation.CREATE || !request.subresource().isEmpty() || request.namespace().isEmpty()) {
            return;
        }
        Target target = new Target(request.group(), request.resource());
        List<ObjectNode> quotas = quotasConcerning(context, request.namespace(), target);
        for (ObjectNode quota : quotas) {
            checkConstraints(request, quota, object);
        }
        for (ObjectNode quota : quotas) {
            charge(request, context, target, quota, object);
        }
    }

    private static List<ObjectNode> quotasConcerning(AdmissionContext context, String namespace, Target target) {
        return context.lookup().list("", "resourcequotas", namespace).stream()
                .filter(q -> hardNames(q).stream().anyMatch(n -> QuotaResources.concerns(n, target))).toList();
    }

    private static Set<String> hardNames(JsonNode quota) {
        Set<String> names = new TreeSet<>();
        quota.path("spec").path("hard").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Kubernetes' backward-compatible rule: a quota on pods' CPU or memory needs every container to state it. */
    private static void checkConstraints(AdmissionRequest request, ObjectNode quota, ObjectNode object) {
        if (!request.isMain("", "pods")) {
            return;
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        for (String name : hardNames(quota)) {
            if (!QuotaResources.REQUIRE_EXPLICIT.contains(name)) {
                continue;
            }
            String list = name.startsWith("limits.") ? "limits" : "requests";
            String resource = QuotaResources.computeOf(name).orElseThrow();
            for (String field : List.of("initContainers", "containers")) {
                for (JsonNode c : object.path("spec").path(field)) {
                    if (!c.path("resources").path(list).has(resource)) {
                        missing.computeIfAbsent(name, k -> new TreeSet<>()).add(c.path("name").asText());
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder b = new StringBuilder();
            missing.forEach((name, containers) -> b.append(b.length() == 0 ? "" : "; ").append(name).append(" for: ")
                    .append(String.join(",", containers)));
            throw new AdmissionDeniedException("failed quota: " + quotaName(quota) + ": must specify " + b);
        }
    }

    /** Adds the object's usage to the quota's status.used, refusing it when it does not fit; retried on conflicts. */
    private void charge(AdmissionRequest request, AdmissionContext context, Target target, ObjectNode quota,
                        ObjectNode object) {
        ObjectNode current = quota;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Set<String> names = hardNames(current);
            Map<String, BigDecimal> requested = QuotaResources.usageOf(target, object, names);
            requested.values().removeIf(v -> v.signum() == 0);
            if (requested.isEmpty()) {
                return;
            }
            Map<String, BigDecimal> used = used(context, request.namespace(), current, requested.keySet());
            Map<String, BigDecimal> exceeded = new TreeMap<>();
            ObjectNode hard = (ObjectNode) current.path("spec").path("hard");
            for (Map.Entry<String, BigDecimal> e : requested.entrySet()) {
                BigDecimal limit = Quantities.amount(hard.get(e.getKey()));
                if (used.get(e.getKey()).add(e.getValue()).compareTo(limit) > 0) {
                    exceeded.put(e.getKey(), limit);
                }
            }
            if (!exceeded.isEmpty()) {
                throw new AdmissionDeniedException("exceeded quota: " + quotaName(current)
                        + ", requested: " + QuotaResources.print(only(requested, exceeded.keySet()))
                        + ", used: " + QuotaResources.print(only(used, exceeded.keySet()))
                        + ", limited: " + QuotaResources.print(exceeded));
            }
            if (request.dryRun()) {
                return;
            }
            ObjectNode charged = withUsage(current, used, requested);
            if (writer.replaceIfUnchanged(charged)) {
                return;
            }
            current = context.lookup().get("", "resourcequotas", request.namespace(), quotaName(quota))
                    .orElse(null);
            if (current == null) {
                return; // the quota was deleted meanwhile: nothing to charge
            }
        }
        throw new AdmissionDeniedException(409, "Conflict", "Operation cannot be fulfilled on resourcequotas \""
                + quotaName(quota) + "\": too many concurrent charges to the quota; try again");
    }

    /** The quota's usage of {@code names}: from status.used when counted, else counted now. */
    private static Map<String, BigDecimal> used(AdmissionContext context, String namespace, ObjectNode quota,
                                                Set<String> names) {
        Map<String, BigDecimal> used = new LinkedHashMap<>();
        JsonNode status = quota.path("status").path("used");
        for (String name : names) {
            if (status.has(name)) {
                used.put(name, Quantities.amount(status.get(name)));
            } else {
                used.put(name, count(context, namespace, name));
            }
        }
        return used;
    }

    private static BigDecimal count(AdmissionContext context, String namespace, String name) {
        Target target = QuotaResources.countOf(name).orElse(new Target("", "pods"));
        BigDecimal sum = BigDecimal.ZERO;
        for (ObjectNode o : context.lookup().list(target.group(), target.resource(), namespace)) {
            sum = sum.add(QuotaResources.usageOf(target, o, Set.of(name)).getOrDefault(name, BigDecimal.ZERO));
        }
        return sum;
    }

    private static ObjectNode withUsage(ObjectNode quota, Map<String, BigDecimal> used, Map<String, BigDecimal> requested) {
        ObjectNode charged = quota.deepCopy();
        ObjectNode status = ResourceLists.object(charged, "status");
        status.set("hard", charged.path("spec").path("hard").deepCopy());
        ObjectNode statusUsed = ResourceLists.object(status, "used");
        requested.forEach((name, amount) -> statusUsed.put(name, Quantities.format(name, used.get(name).add(amount))));
        return charged;
    }

    private static Map<String, BigDecimal> only(Map<String, BigDecimal> amounts, Set<String> names) {
        Map<String, BigDecimal> kept = new TreeMap<>(amounts);
        kept.keySet().retainAll(names);
        return kept;
    }

    private static String quotaName(JsonNode quota) {
        return quota.path("metadata").path("name").asText();
    }
}
