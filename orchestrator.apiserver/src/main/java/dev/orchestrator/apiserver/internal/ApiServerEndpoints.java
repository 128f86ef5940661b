package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Keeps the {@code kubernetes} Service's endpoints (the Endpoints and the EndpointSlice {@code default/kubernetes})
 * at the addresses where the API servers of the cluster serve, so pods reach the API at its cluster IP
 * ({@code KUBERNETES_SERVICE_HOST}) through the service proxy. As Kubernetes' lease endpoint reconciler does: each
 * API server renews a Lease of its own in {@code kube-system} (labelled {@code apiserver.kubernetes.io/identity},
 * its address:port in an annotation) and writes the endpoints as the addresses of the leases still current, so a
 * master that died leaves them when its lease runs out. A server that stops does not remove itself: stopping is
 * also what an upgrade of the API server bundle does, and the pods' API must not vanish for that moment.
 *
 * <p>Every master must serve on the same port, as in Kubernetes; a lease of another port is left out.
 */
final class ApiServerEndpoints {

    static final String IDENTITY_LABEL = "apiserver.kubernetes.io/identity";
    static final String ADDRESS_ANNOTATION = "orchestrator.dev/advertise-address";
    static final long LEASE_SECONDS = 30;
    private static final String SERVICE = "kubernetes";
    private static final String PORT_NAME = "https";
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final ObjectWrites writes;
    private final ObjectStorage storage;
    private final ResourceType leases;
    private final ResourceType endpoints;
    private final ResourceType slices;
    private final String address;
    private final int port;
    private final String leaseName;
    private final Clock clock;

    ApiServerEndpoints(ObjectStorage storage, ObjectWrites writes, ResourceRegistry registry, String address, int port,
                       Clock clock) {
        this.storage = storage;
        this.writes = writes;
        this.leases = registry.find("coordination.k8s.io", "v1", "leases").orElseThrow();
        this.endpoints = registry.find("", "v1", "endpoints").orElseThrow();
        this.slices = registry.find("discovery.k8s.io", "v1", "endpointslices").orElseThrow();
        this.address = address;
        this.port = port;
        this.leaseName = "apiserver-" + address.replace('.', '-').replace(':', '-') + "-" + port;
        this.clock = clock;
    }

    /** Renews this server's lease and rewrites the endpoints where they differ from the current leases. */
    void reconcile() {
        renewLease();
        List<String> live = liveAddresses();
        ensureEndpoints(live);
        ensureSlice(live);
    }

    private void renewLease() {
        String now = MICRO_TIME.format(clock.instant());
        ObjectNode lease = storage.get(leases, "kube-system", leaseName).orElse(null);
        if (lease == null) {
            lease = Json.object();
            lease.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
            ObjectNode meta = lease.putObject("metadata");
            meta.put("name", leaseName).put("namespace", "kube-system");
            meta.putObject("labels").put(IDENTITY_LABEL, "kube-apiserver");
            meta.putObject("annotations").put(ADDRESS_ANNOTATION, address + ":" + port);
            lease.putObject("spec").put("holderIdentity", leaseName).put("leaseDurationSeconds", LEASE_SECONDS)
                    .put("acquireTime", now).put("renewTime", now);
            writes.create(leases, "kube-system", lease, false);
            return;
        }
        Json.objectField(lease, "spec").put("holderIdentity", leaseName).put("leaseDurationSeconds", LEASE_SECONDS)
                .put("renewTime", now);
        writes.update(leases, "kube-system", leaseName, null, lease, false);
    }

    /** The addresses of the API servers whose leases are current and serve on this port, sorted. */
    private List<String> liveAddresses() {
        Instant now = clock.instant();
        TreeSet<String> live = new TreeSet<>();
        for (ObjectNode lease : storage.list(leases, "kube-system", 0, 0, null,
                l -> l.path("metadata").path("labels").has(IDENTITY_LABEL)).items()) {
            String advertised = lease.path("metadata").path("annotations").path(ADDRESS_ANNOTATION).asText("");
            int colon = advertised.lastIndexOf(':');
            if (colon <= 0 || !advertised.substring(colon + 1).equals(Integer.toString(port)) || expired(lease, now)) {
                continue;
            }
            live.add(advertised.substring(0, colon));
        }
        live.add(address); // this server serves, whatever the store's clock says of its lease
        return new ArrayList<>(live);
    }

    private static boolean expired(ObjectNode lease, Instant now) {
        JsonNode spec = lease.path("spec");
        try {
            Instant renewed = Instant.from(MICRO_TIME.parse(spec.path("renewTime").asText("")));
            return renewed.plusSeconds(spec.path("leaseDurationSeconds").asLong(LEASE_SECONDS)).isBefore(now);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private void ensureEndpoints(List<String> live) {
        ensure(endpoints, current -> {
            ArrayNode subsets = current.putArray("subsets");
            ObjectNode subset = subsets.addObject();
            ArrayNode addresses = subset.putArray("addresses");
            live.forEach(ip -> addresses.addObject().put("ip", ip));
            subset.putArray("ports").addObject().put("name", PORT_NAME).put("port", port).put("protocol", "TCP");
            // its EndpointSlice is written here too, not mirrored
            ObjectMeta.metadata(current).putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
        });
    }

    private void ensureSlice(List<String> live) {
        ensure(slices, current -> {
            current.put("addressType", "IPv4");
            ArrayNode list = current.putArray("endpoints");
            live.forEach(ip -> {
                ObjectNode endpoint = list.addObject();
                endpoint.putArray("addresses").add(ip);
                endpoint.putObject("conditions").put("ready", true);
            });
            current.putArray("ports").addObject().put("name", PORT_NAME).put("port", port).put("protocol", "TCP");
            ObjectMeta.metadata(current).putObject("labels").put("kubernetes.io/service-name", SERVICE);
        });
    }

    /** Creates {@code default/kubernetes} of {@code type} as {@code fill} makes it, or updates it when it differs. */
    private void ensure(ResourceType type, Consumer<ObjectNode> fill) {
        ObjectNode stored = storage.get(type, "default", SERVICE).orElse(null);
        ObjectNode wanted = stored == null ? Json.object() : stored.deepCopy();
        wanted.put("apiVersion", type.apiVersion()).put("kind", type.kind());
        ObjectMeta.metadata(wanted).put("name", SERVICE).put("namespace", "default");
        fill.accept(wanted);
        if (stored == null) {
            writes.create(type, "default", wanted, false);
        } else if (!wanted.equals(stored)) {
            writes.update(type, "default", SERVICE, null, wanted, false);
        }
    }
}
