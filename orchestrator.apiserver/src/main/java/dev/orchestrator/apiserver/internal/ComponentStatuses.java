package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code v1} ComponentStatus ({@code kubectl get componentstatuses}): deprecated in Kubernetes since 1.19 and still
 * served, so the command operators know answers here too. Computed at each read, never stored: {@code etcd-0} is
 * healthy when the store answers (the check {@code /readyz/etcd} runs), {@code scheduler} and
 * {@code controller-manager} when some master holds their Lease and renewed it within its duration — which, with
 * several masters, is the question that matters: whether one of them works, not whether this one runs.
 */
final class ComponentStatuses {

    static final String DEPRECATION = "v1 ComponentStatus is deprecated in v1.19+";

    static final ResourceType TYPE = new ResourceType("", "v1", "componentstatuses", "componentstatus",
            "ComponentStatus", false, List.of("cs"), List.of(), Set.of(), ResourceStrategy.PLAIN,
            TableColumns.named().withoutAge()
                    .column("Status", "Status of the component conditions",
                            o -> healthy(o) ? "Healthy" : "Unhealthy")
                    .column("Message", "Message of the component conditions", o -> condition(o, "message"))
                    .column("Error", "Error of the component conditions", o -> condition(o, "error"))
                    .build(),
            List.of("get", "list"));

    /** A leader-elected component, by the name kube-apiserver gives it, and its Lease's default name. */
    private record Leased(String component, String leaseName) {
    }

    private static final List<Leased> LEASED = List.of(new Leased("scheduler", "orchestrator-default-scheduler"),
            new Leased("controller-manager", "orchestrator-controllers"));

    private static final String LEASE_NAMESPACE = "kube-system";

    private final HealthChecks.Check store;
    private final BiFunction<String, String, Optional<ObjectNode>> leases;
    private final Clock clock;

    /**
     * @param store  throws when the store does not answer
     * @param leases reads a Lease by namespace and name
     */
    ComponentStatuses(HealthChecks.Check store, BiFunction<String, String, Optional<ObjectNode>> leases, Clock clock) {
        this.store = store;
        this.leases = leases;
        this.clock = clock;
    }

    List<ObjectNode> list() {
        List<ObjectNode> items = new ArrayList<>();
        items.add(storeStatus());
        for (Leased leased : LEASED) {
            items.add(leaseStatus(leased.component(), leased.leaseName()));
        }
        return items;
    }

    ObjectNode get(String name) {
        return list().stream().filter(o -> ObjectMeta.name(o).equals(name)).findFirst()
                .orElseThrow(() -> ApiException.notFound(TYPE, name));
    }

    private ObjectNode storeStatus() {
        try {
            store.run();
            return status("etcd-0", null);
        } catch (Exception e) {
            return status("etcd-0", "the store does not answer: " + e.getMessage());
        }
    }

    private ObjectNode leaseStatus(String component, String leaseName) {
        String where = "the Lease " + LEASE_NAMESPACE + "/" + leaseName;
        Optional<ObjectNode> lease;
        try {
            lease = leases.apply(LEASE_NAMESPACE, leaseName);
        } catch (RuntimeException e) { // the store down: each row says so, the list still answers
            return status(component, "cannot read " + where + ": " + e.getMessage());
        }
        if (lease.isEmpty()) {
            return status(component, "no " + component + " has taken " + where + " yet");
        }
        JsonNode spec = lease.get().path("spec");
        String holder = spec.path("holderIdentity").asText("");
        if (holder.isEmpty()) {
            return status(component, where + " is not held");
        }
        Instant renewed;
        try {
            renewed = Instant.parse(spec.path("renewTime").asText(spec.path("acquireTime").asText("")));
        } catch (DateTimeParseException e) {
            return status(component, where + " has no renewal time");
        }
        Duration duration = Duration.ofSeconds(spec.path("leaseDurationSeconds").asLong(15));
        Duration since = Duration.between(renewed, clock.instant());
        if (since.compareTo(duration) > 0) {
            return status(component, holder + " last renewed " + where + " " + since.toSeconds()
                    + " s ago, beyond its duration of " + duration.toSeconds() + " s");
        }
        return status(component, null);
    }

    /** A ComponentStatus with its one Healthy condition: true without an error. */
    private static ObjectNode status(String name, String error) {
        ObjectNode status = Json.object();
        status.put("kind", TYPE.kind());
        status.put("apiVersion", TYPE.apiVersion());
        status.putObject("metadata").put("name", name);
        ObjectNode condition = status.putArray("conditions").addObject();
        condition.put("type", "Healthy");
        condition.put("status", error == null ? "True" : "False");
        if (error == null) {
            condition.put("message", "ok");
        } else {
            condition.put("error", error);
        }
        return status;
    }

    private static boolean healthy(ObjectNode componentStatus) {
        return "True".equals(componentStatus.path("conditions").path(0).path("status").asText());
    }

    private static String condition(ObjectNode componentStatus, String field) {
        return componentStatus.path("conditions").path(0).path(field).asText("");
    }
}
