package dev.orchestrator.support.quota;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the names of a {@code ResourceQuota}'s {@code spec.hard} count, by Kubernetes' rules, and how much one
 * object adds to each: the quota admission (which charges a new object) and the quota controller (which sums the
 * objects of a namespace into {@code status.used}) read them the same way.
 *
 * <ul>
 *   <li>{@code count/<resource>[.<group>]}: objects of that resource ({@code count/deployments.apps});</li>
 *   <li>{@code pods}, {@code services}, {@code configmaps}, {@code secrets}, {@code persistentvolumeclaims},
 *       {@code replicationcontrollers}, {@code resourcequotas}: objects of that core resource;</li>
 *   <li>{@code requests.<r>} (and {@code cpu}, {@code memory} meaning requests), {@code limits.<r>}: the pods'
 *       requests or limits of resource {@code r}.</li>
 * </ul>
 * Pods in phase Succeeded or Failed, or being deleted, count for nothing (their resources are free again).
 */
public final class QuotaResources {

    /** A resource, as group and plural name. */
    public record Target(String group, String resource) {
    }

    private static final Set<String> CORE_COUNTS = Set.of("pods", "services", "configmaps", "secrets",
            "persistentvolumeclaims", "replicationcontrollers", "resourcequotas");

    /** Quota names for which every container must state a request or limit (Kubernetes' backward-compatible rule). */
    public static final Set<String> REQUIRE_EXPLICIT = Set.of("cpu", "memory", "requests.cpu", "requests.memory",
            "limits.cpu", "limits.memory");

    private QuotaResources() {
    }

    /** The resource whose objects {@code name} counts, if it is a count. */
    public static Optional<Target> countOf(String name) {
        if (CORE_COUNTS.contains(name)) {
            return Optional.of(new Target("", name));
        }
        if (name.startsWith("count/") && name.length() > "count/".length()) {
            String rest = name.substring("count/".length());
            int dot = rest.indexOf('.');
            return Optional.of(dot < 0 ? new Target("", rest) : new Target(rest.substring(dot + 1), rest.substring(0, dot)));
        }
        return Optional.empty();
    }

    /** The resource a pod compute name is about ({@code requests.cpu} → {@code cpu}), if it is one. */
    public static Optional<String> computeOf(String name) {
        if (name.equals("cpu") || name.equals("memory") || name.equals("ephemeral-storage")) {
            return Optional.of(name);
        }
        if (name.startsWith("requests.") || name.startsWith("limits.")) {
            return Optional.of(name.substring(name.indexOf('.') + 1));
        }
        return Optional.empty();
    }

    /** Whether {@code name} counts anything of {@code target}: its objects, or (for pods) their resources. */
    public static boolean concerns(String name, Target target) {
        return countOf(name).map(target::equals).orElse(false)
                || (target.equals(new Target("", "pods")) && computeOf(name).isPresent());
    }

    /**
     * What one object adds to each of the names it concerns (a terminal pod adds nothing; an object that is not
     * concerned is absent from the map).
     */
    public static Map<String, BigDecimal> usageOf(Target target, JsonNode object, Set<String> names) {
        Map<String, BigDecimal> usage = new LinkedHashMap<>();
        boolean pod = target.equals(new Target("", "pods"));
        if (pod && terminal(object)) {
            return usage;
        }
        for (String name : names) {
            if (countOf(name).map(target::equals).orElse(false)) {
                usage.put(name, BigDecimal.ONE);
            } else if (pod && computeOf(name).isPresent()) {
                String resource = computeOf(name).get();
                String which = name.startsWith("limits.") ? "limits" : "requests";
                usage.put(name, PodResources.total(object, which).getOrDefault(resource, BigDecimal.ZERO));
            }
        }
        return usage;
    }

    /**
     * A pod that holds no quota: finished (Succeeded, Failed) or being deleted (Kubernetes stops counting it once its
     * grace period is over; counting it until then would keep a replacement from starting during a rollout).
     */
    public static boolean terminal(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return "Succeeded".equals(phase) || "Failed".equals(phase) || pod.path("metadata").has("deletionTimestamp");
    }

    /** {@code a=1,b=2}: a resource list as the quota messages print it, names sorted. */
    public static String print(Map<String, BigDecimal> amounts) {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(amounts).forEach((k, v) -> {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(k).append('=').append(Quantities.format(k, v));
        });
        return b.toString();
    }
}
