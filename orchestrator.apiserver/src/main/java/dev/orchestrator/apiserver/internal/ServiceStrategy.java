package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.ServiceValidation;
import java.util.ArrayList;
import java.util.List;

/** Services: type, protocol and target port defaults; cluster IP and node port allocation. */
final class ServiceStrategy implements ResourceStrategy {

    @Override
    public void prepareForCreate(ObjectNode service) {
        ObjectNode spec = Json.objectField(service, "spec");
        PodStrategy.putIfAbsent(spec, "type", "ClusterIP");
        PodStrategy.putIfAbsent(spec, "sessionAffinity", "None");
        for (JsonNode p : spec.path("ports")) {
            if (p instanceof ObjectNode port) {
                PodStrategy.putIfAbsent(port, "protocol", "TCP");
                if (!port.has("targetPort") && port.has("port")) {
                    port.set("targetPort", port.get("port"));
                }
            }
        }
        if ("NodePort".equals(spec.path("type").asText()) || "LoadBalancer".equals(spec.path("type").asText())) {
            PodStrategy.putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
        }
        service.putObject("status").putObject("loadBalancer");
    }

    @Override
    public void allocate(ObjectNode service, Allocations allocations) {
        ObjectNode spec = Json.objectField(service, "spec");
        String type = spec.path("type").asText();
        List<Runnable> undo = new ArrayList<>();
        try {
            if (!"ExternalName".equals(type)) {
                String requested = Json.text(spec, "clusterIP");
                if ("None".equals(requested)) {
                    spec.putArray("clusterIPs").add("None");
                } else {
                    String ip = allocations.allocateClusterIp(requested == null || requested.isEmpty() ? null : requested,
                            "spec.clusterIP");
                    undo.add(() -> allocations.releaseClusterIp(ip));
                    spec.put("clusterIP", ip);
                    spec.putArray("clusterIPs").add(ip);
                }
                spec.putArray("ipFamilies").add("IPv4");
                PodStrategy.putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
                PodStrategy.putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
            }
            if ("NodePort".equals(type) || "LoadBalancer".equals(type)) {
                JsonNode ports = spec.path("ports");
                for (int i = 0; i < ports.size(); i++) {
                    if (ports.get(i) instanceof ObjectNode port) {
                        int nodePort = allocations.allocateNodePort(port.path("nodePort").asInt(0),
                                "spec.ports[" + i + "].nodePort");
                        undo.add(() -> allocations.releaseNodePort(nodePort));
                        port.put("nodePort", nodePort);
                    }
                }
            }
        } catch (RuntimeException failed) {
            undo.forEach(Runnable::run); // give back only what this call took
            throw failed;
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode service, ObjectNode old) {
        // The allocated cluster IP cannot change; keep it when the update omits it.
        ObjectNode spec = Json.objectField(service, "spec");
        JsonNode oldSpec = old.path("spec");
        if (!spec.hasNonNull("clusterIP") && oldSpec.has("clusterIP")) {
            spec.set("clusterIP", oldSpec.get("clusterIP"));
            spec.set("clusterIPs", oldSpec.get("clusterIPs"));
        }
    }

    @Override
    public void validate(ObjectNode service, List<ApiException.Cause> causes) {
        ServiceValidation.validate(service, Causes.into(causes));
    }

    @Override
    public void validateUpdate(ObjectNode service, ObjectNode old, List<ApiException.Cause> causes) {
        ServiceValidation.validateUpdate(service, old, Causes.into(causes));
    }

    @Override
    public void released(ObjectNode service, Allocations allocations) {
        JsonNode spec = service.path("spec");
        String ip = Json.text(spec, "clusterIP");
        if (ip != null && !ip.isEmpty() && !"None".equals(ip)) {
            allocations.releaseClusterIp(ip);
        }
        for (JsonNode port : spec.path("ports")) {
            if (port.path("nodePort").asInt(0) > 0) {
                allocations.releaseNodePort(port.path("nodePort").asInt());
            }
        }
    }

    static String ports(ObjectNode service) {
        return TableColumns.joined(service.path("spec").path("ports"), p -> p.path("port").asText()
                + (p.has("nodePort") ? ":" + p.path("nodePort").asText() : "") + "/" + p.path("protocol").asText("TCP"));
    }
}
