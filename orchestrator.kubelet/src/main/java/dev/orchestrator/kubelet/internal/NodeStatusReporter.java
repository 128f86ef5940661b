package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.RuntimeStatus;
import dev.orchestrator.api.runtime.RuntimeVersion;
import dev.orchestrator.kubelet.internal.eviction.NodePressure;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.DaemonEndpoint;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the node and keeps its status true: capacity and allocatable, addresses, system
 * info, the Ready condition, which follows the container runtime's health, and the pressure
 * conditions with their NoSchedule taints, which follow the eviction monitor. The status is
 * posted when something a user would see changed (and at least every few minutes); liveness is
 * the lease's job.
 */
final class NodeStatusReporter {

    static final String KUBELET_VERSION = "v1.32.0-orchestrator";
    private static final Logger LOG = LoggerFactory.getLogger(NodeStatusReporter.class);

    private final KubernetesClient client;
    private final NodeSettings settings;
    private final Supplier<ContainerRuntime> runtime;
    private final KubeletEvents events;
    private final IntSupplier kubeletPort;
    private final Supplier<NodePressure> pressure;
    private final NodePressureTaints taints;
    private final Map<String, NodeCondition> conditions = new LinkedHashMap<>();
    private volatile Node registered;
    private String lastPosted;
    private long lastPostedAt;
    private Boolean lastReady;

    NodeStatusReporter(KubernetesClient client, NodeSettings settings, Supplier<ContainerRuntime> runtime,
                       KubeletEvents events, IntSupplier kubeletPort, Supplier<NodePressure> pressure) {
        this.client = client;
        this.pressure = pressure;
        this.taints = new NodePressureTaints(client, settings.nodeName());
        this.settings = settings;
        this.runtime = runtime;
        this.events = events;
        this.kubeletPort = kubeletPort;
    }

    /** The registered Node (null until registration succeeded). */
    Node node() {
        return registered;
    }

    /**
     * Registers the node if needed, posts its status when it changed, and makes the pressure taints
     * follow the conditions; called periodically, and when the pressure changed.
     */
    synchronized void report() {
        NodePressure current = pressure.get();
        if (postStatus(current) && registered != null) {
            registered = taints.update(registered, current);
        }
    }

    /** @return whether the node is registered and its status posted (or unchanged) */
    private boolean postStatus(NodePressure current) {
        try {
            if (registered == null) {
                register();
            }
            NodeStatus status = status(current);
            String semantic = client.getKubernetesSerialization().asJson(status);
            long now = System.currentTimeMillis();
            if (semantic.equals(lastPosted) && now - lastPostedAt < settings.statusReportMillis()
                    && !conditionsOverwritten(status)) {
                return true;
            }
            stampHeartbeat(status);
            String patch = "{\"status\":" + client.getKubernetesSerialization().asJson(status) + "}";
            registered = client.nodes().withName(settings.nodeName()).subresource("status")
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
            lastPosted = semantic;
            lastPostedAt = now;
            return true;
        } catch (KubernetesClientException e) {
            LOG.warn("node status not posted node={} code={} error={}", settings.nodeName(), e.getCode(), e.getMessage());
            if (e.getCode() == 404) {
                registered = null; // deleted by someone: register again
            }
            return false;
        }
    }

    /**
     * Whether the API holds other condition statuses than this kubelet reports: the node lifecycle controller
     * marked the node Unknown while this kubelet could not reach the API (or renew its Lease). Like the Kubernetes
     * kubelet, which compares with the API's copy rather than with what it posted last, it then posts at once
     * instead of leaving the node Unknown (and tainted) until the next periodic report.
     */
    private boolean conditionsOverwritten(NodeStatus status) {
        Node live = client.nodes().withName(settings.nodeName()).get();
        if (live == null || live.getStatus() == null) {
            return true;
        }
        Map<String, String> posted = new HashMap<>();
        live.getStatus().getConditions().forEach(c -> posted.put(c.getType(), c.getStatus()));
        return status.getConditions().stream().anyMatch(c -> !c.getStatus().equals(posted.get(c.getType())));
    }

    private void register() {
        Node existing = client.nodes().withName(settings.nodeName()).get();
        if (existing != null) {
            registered = adopt(existing);
            LOG.info("node registered already node={} podCIDR={}", settings.nodeName(), podCidr(registered));
            return;
        }
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(settings.nodeName())
                .withLabels(settings.labels()).endMetadata().withNewSpec().endSpec();
        if (!settings.podCidr().isEmpty()) {
            node.editSpec().withPodCIDR(settings.podCidr()).withPodCIDRs(settings.podCidr()).endSpec();
        }
        try {
            registered = client.nodes().resource(node.build()).create();
            LOG.info("node registered node={} podCIDR={}", settings.nodeName(), settings.podCidr());
            events.normal(registered, "RegisteredNode", "Node " + settings.nodeName() + " registered");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            registered = client.nodes().withName(settings.nodeName()).get();
        }
    }

    /**
     * A Node made before this kubelet registered (by {@code ./orch join}, which asks the control plane for the
     * node's pod range first, or by an earlier run) gets the kubelet's default labels it lacks and, when it has
     * no pod range yet, the configured one. A range the node holds already is never changed (the API forbids it):
     * a different configured one is reported.
     */
    private Node adopt(Node existing) {
        Map<String, String> labels = existing.getMetadata().getLabels() == null ? Map.of()
                : existing.getMetadata().getLabels();
        Map<String, String> missing = new LinkedHashMap<>();
        settings.labels().forEach((key, value) -> {
            if (!labels.containsKey(key)) {
                missing.put(key, value);
            }
        });
        String held = podCidr(existing);
        boolean setRange = held.isEmpty() && !settings.podCidr().isEmpty();
        if (!held.isEmpty() && !settings.podCidr().isEmpty() && !held.equals(settings.podCidr())) {
            LOG.warn("node holds another pod range than configured node={} podCIDR={} configured={}",
                    settings.nodeName(), held, settings.podCidr());
            events.warning(existing, "PodCIDRMismatch", "Node " + settings.nodeName() + " holds pod range " + held
                    + " but its kubelet is configured with " + settings.podCidr());
        }
        if (missing.isEmpty() && !setRange) {
            return existing;
        }
        Map<String, Object> spec = setRange
                ? Map.of("podCIDR", settings.podCidr(), "podCIDRs", List.of(settings.podCidr())) : Map.of();
        String patch = client.getKubernetesSerialization().asJson(
                Map.of("metadata", Map.of("labels", missing), "spec", spec));
        return client.nodes().withName(settings.nodeName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static String podCidr(Node node) {
        return node.getSpec() == null || node.getSpec().getPodCIDR() == null ? "" : node.getSpec().getPodCIDR();
    }

    private NodeStatus status(NodePressure pressure) {
        MachineInfo machine = settings.machine();
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", settings.capacityCpu());
        capacity.put("memory", settings.capacityMemory());
        capacity.put("pods", new Quantity(Integer.toString(settings.maxPods())));
        capacity.put("ephemeral-storage", new Quantity(Long.toString(machine.diskBytes())));
        Map<String, Quantity> allocatable = new LinkedHashMap<>(capacity);
        allocatable.put("cpu", Quantities.minus(settings.capacityCpu(), settings.reservedCpu()));
        allocatable.put("memory", Quantities.minus(settings.capacityMemory(), settings.reservedMemory()));

        RuntimeHealth health = runtimeHealth();
        readyCondition(health);
        pressureCondition(NodePressure.MEMORY, pressure, "KubeletHasInsufficientMemory", "kubelet has insufficient memory available",
                "NodeHasInsufficientMemory", "KubeletHasSufficientMemory", "kubelet has sufficient memory available",
                "NodeHasSufficientMemory");
        pressureCondition(NodePressure.DISK, pressure, "KubeletHasDiskPressure", "kubelet has disk pressure",
                "NodeHasDiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", "NodeHasNoDiskPressure");
        pressureCondition(NodePressure.PID, pressure, "KubeletHasInsufficientPID", "kubelet has insufficient PID available",
                "NodeHasInsufficientPID", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                "NodeHasSufficientPID");

        NodeStatus status = new NodeStatus();
        status.setCapacity(capacity);
        status.setAllocatable(allocatable);
        status.setConditions(new ArrayList<>(conditions.values()));
        status.setAddresses(List.of(new NodeAddress(settings.nodeIp(), "InternalIP"),
                new NodeAddress(settings.nodeName(), "Hostname")));
        NodeSystemInfo info = new NodeSystemInfo();
        info.setArchitecture(machine.architecture());
        info.setOperatingSystem("linux");
        info.setOsImage(machine.osImage());
        info.setKernelVersion(machine.kernelVersion());
        info.setMachineID(machine.machineId());
        info.setSystemUUID(machine.machineId());
        info.setBootID(machine.bootId());
        info.setKubeletVersion(KUBELET_VERSION);
        info.setKubeProxyVersion("");
        info.setContainerRuntimeVersion(health.version());
        status.setNodeInfo(info);
        status.setImages(health.images());
        // where the API server reaches this kubelet (logs); port 0 when it is not served
        status.setDaemonEndpoints(new NodeDaemonEndpoints(new DaemonEndpoint(kubeletPort.getAsInt())));
        return status;
    }

    private record RuntimeHealth(boolean ready, String message, String version, List<ContainerImage> images) {
    }

    private RuntimeHealth runtimeHealth() {
        ContainerRuntime r = runtime.get();
        if (r == null) {
            return new RuntimeHealth(false, "container runtime is not available (no runtime bundle matches "
                    + settings.runtimeTarget() + ")", "unknown://", List.of());
        }
        try {
            RuntimeVersion v = r.version();
            RuntimeStatus s = r.status();
            List<ContainerImage> images = r.images().list().stream().limit(50)
                    .map(i -> new ContainerImage(i.repoDigests().isEmpty() ? i.repoTags() : concat(i.repoTags(), i.repoDigests()),
                            i.sizeBytes()))
                    .toList();
            String version = v.runtimeName() + "://" + v.runtimeVersion();
            if (!s.runtimeReady()) {
                return new RuntimeHealth(false, "container runtime status check may not have completed yet: "
                        + s.runtimeMessage(), version, images);
            }
            if (!s.networkReady()) {
                return new RuntimeHealth(false, "container runtime network not ready: " + s.networkMessage(), version, images);
            }
            return new RuntimeHealth(true, "", version, images);
        } catch (ContainerRuntimeException e) {
            return new RuntimeHealth(false, "container runtime is down: " + e.getMessage(), "unknown://", List.of());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void readyCondition(RuntimeHealth health) {
        if (health.ready()) {
            condition("Ready", "True", "KubeletReady", "kubelet is posting ready status");
        } else {
            condition("Ready", "False", "KubeletNotReady", health.message());
        }
        if (!Objects.equals(lastReady, health.ready())) {
            Node node = registered;
            if (node != null && lastReady != null) {
                if (health.ready()) {
                    events.normal(node, "NodeReady", "Node " + settings.nodeName() + " status is now: NodeReady");
                } else {
                    events.warning(node, "NodeNotReady", "Node " + settings.nodeName() + " status is now: NodeNotReady ("
                            + health.message() + ")");
                }
            }
            LOG.info("node readiness node={} ready={} message={}", settings.nodeName(), health.ready(), health.message());
            lastReady = health.ready();
        }
    }

    /** A pressure condition with Kubernetes' reasons and messages, and the kubelet's event when it turns. */
    private void pressureCondition(String type, NodePressure pressure, String trueReason, String trueMessage,
                                   String trueEvent, String falseReason, String falseMessage, String falseEvent) {
        boolean on = pressure.has(type);
        NodeCondition previous = conditions.get(type);
        condition(type, on ? "True" : "False", on ? trueReason : falseReason, on ? trueMessage : falseMessage);
        Node node = registered;
        if (previous != null && node != null && !previous.getStatus().equals(on ? "True" : "False")) {
            String event = on ? trueEvent : falseEvent;
            events.normal(node, event, "Node " + settings.nodeName() + " status is now: " + event);
        }
    }

    /** Keeps lastTransitionTime while a condition's status stays the same. */
    private void condition(String type, String status, String reason, String message) {
        NodeCondition previous = conditions.get(type);
        String transition = previous != null && previous.getStatus().equals(status)
                ? previous.getLastTransitionTime() : now();
        NodeCondition c = new NodeCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastTransitionTime(transition);
        conditions.put(type, c);
    }

    private static void stampHeartbeat(NodeStatus status) {
        String now = now();
        status.getConditions().forEach(c -> c.setLastHeartbeatTime(now));
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
