package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Component statuses from a store that can fail and Leases held, lapsed or missing, at a fixed clock. */
class ComponentStatusesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final Map<String, ObjectNode> leases = new HashMap<>();
    private final ComponentStatuses statuses = new ComponentStatuses(() -> {
        if (storeDown.get()) {
            throw new IllegalStateException("no answer within 5 s");
        }
    }, (namespace, name) -> {
        if (storeDown.get()) {
            throw new IllegalStateException("no answer within 5 s");
        }
        return Optional.ofNullable(leases.get(namespace + "/" + name));
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void everyComponentIsHealthyWhileTheStoreAnswersAndTheLeasesAreRenewed() {
        lease("orchestrator-default-scheduler", "master-1", NOW.minusSeconds(3), 15);
        lease("orchestrator-controllers", "master-2", NOW.minusSeconds(14), 15);
        List<ObjectNode> items = statuses.list();
        assertEquals(List.of("etcd-0", "scheduler", "controller-manager"), items.stream().map(ObjectMeta::name).toList());
        for (ObjectNode item : items) {
            assertEquals("ComponentStatus", item.path("kind").asText());
            assertEquals("v1", item.path("apiVersion").asText());
            assertEquals(List.of("Healthy", "ok", ""), cells(item), ObjectMeta.name(item));
        }
    }

    @Test
    void aComponentWhoseLeaseIsMissingLapsedOrUnheldIsUnhealthyAndSaysWhy() {
        lease("orchestrator-default-scheduler", "master-1", NOW.minusSeconds(40), 15);
        assertEquals(List.of("Unhealthy", "", "master-1 last renewed the Lease kube-system/orchestrator-default-scheduler"
                + " 40 s ago, beyond its duration of 15 s"), cells(statuses.get("scheduler")));
        assertEquals(List.of("Unhealthy", "", "no controller-manager has taken the Lease"
                + " kube-system/orchestrator-controllers yet"), cells(statuses.get("controller-manager")));
        lease("orchestrator-controllers", "", NOW, 15);
        assertEquals(List.of("Unhealthy", "", "the Lease kube-system/orchestrator-controllers is not held"),
                cells(statuses.get("controller-manager")));
    }

    @Test
    void theStoreAndTheLeasedComponentsAreUnhealthyWhenTheStoreDoesNotAnswer() {
        storeDown.set(true);
        ObjectNode etcd = statuses.get("etcd-0");
        assertEquals("False", etcd.path("conditions").path(0).path("status").asText());
        assertEquals(List.of("Unhealthy", "", "the store does not answer: no answer within 5 s"), cells(etcd));
        assertEquals(List.of("Unhealthy", "", "cannot read the Lease kube-system/orchestrator-default-scheduler:"
                + " no answer within 5 s"), cells(statuses.get("scheduler")));
    }

    @Test
    void anUnknownComponentIsA404NamingIt() {
        ApiException e = assertThrows(ApiException.class, () -> statuses.get("kube-proxy"));
        assertEquals(404, e.code);
        assertTrue(e.getMessage().contains("componentstatuses \"kube-proxy\" not found"), e.getMessage());
    }

    private void lease(String name, String holder, Instant renewed, int seconds) {
        ObjectNode lease = Json.object();
        lease.putObject("metadata").put("name", name).put("namespace", "kube-system");
        lease.putObject("spec").put("holderIdentity", holder).put("renewTime", renewed.toString())
                .put("leaseDurationSeconds", seconds);
        leases.put("kube-system/" + name, lease);
    }

    /** The Status, Message and Error cells of the object's table row. */
    private static List<String> cells(ObjectNode componentStatus) {
        return ComponentStatuses.TYPE.table().columns().stream().skip(1)
                .map(c -> String.valueOf(c.cell().apply(componentStatus))).toList();
    }
}
