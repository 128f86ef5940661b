package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Services, as Kubernetes' {@code ValidateService} and {@code ValidateServiceUpdate}: type, ports
 * (numbers, names, target ports, node ports, no port+protocol twice), selector, session affinity,
 * external name, cluster IP format and immutability. The node port range is checked where node
 * ports are allocated, since it is configuration.
 */
public final class ServiceValidation {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");

    private ServiceValidation() {
    }

    public static void validate(JsonNode service, FieldErrors errors) {
        JsonNode spec = service.path("spec");
        CommonFields.oneOf(spec, "type", true, TYPES, SPEC, errors);
        String type = CommonFields.textOrEmpty(spec, "type");
        String clusterIP = CommonFields.textOrEmpty(spec, "clusterIP");
        boolean headless = "None".equals(clusterIP);
        if (type.equals("ExternalName")) {
            externalName(spec, errors);
        } else {
            if (!clusterIP.isEmpty() && !headless && !Networks.isIP(clusterIP)) {
                errors.invalid(SPEC.child("clusterIP"), clusterIP, Networks.IP_ERROR);
            }
            CommonFields.labels(spec.path("selector"), SPEC.child("selector"), errors);
        }
        JsonNode ports = spec.path("ports");
        if ((!ports.isArray() || ports.isEmpty()) && !headless && !type.equals("ExternalName")
                && !ports.isValueNode()) {
            errors.required(SPEC.child("ports"), "");
        }
        ports(ports, type, errors);
        CommonFields.oneOf(spec, "sessionAffinity", true, List.of("ClientIP", "None"), SPEC, errors);
        CommonFields.inRange(spec.path("sessionAffinityConfig").path("clientIP"), "timeoutSeconds", 1, 86400,
                SPEC.child("sessionAffinityConfig", "clientIP"), errors);
        CommonFields.oneOf(spec, "externalTrafficPolicy", false, TRAFFIC_POLICIES, SPEC, errors);
        CommonFields.oneOf(spec, "internalTrafficPolicy", false, TRAFFIC_POLICIES, SPEC, errors);
    }

    private static void externalName(JsonNode spec, FieldErrors errors) {
        if (!CommonFields.textOrEmpty(spec, "clusterIP").isEmpty()) {
            errors.forbidden(SPEC.child("clusterIP"), "may not be set for ExternalName services");
        }
        String name = CommonFields.textOrEmpty(spec, "externalName");
        String clean = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (clean.isEmpty()) {
            errors.required(SPEC.child("externalName"), "");
        } else {
            NameFormats.dns1123Subdomain(clean).forEach(p -> errors.invalid(SPEC.child("externalName"), name, p));
        }
    }

    private static void ports(JsonNode ports, String type, FieldErrors errors) {
        boolean nodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
        Set<String> names = new HashSet<>();
        Set<String> portProtocols = new HashSet<>();
        Set<String> nodePortProtocols = new HashSet<>();
        int i = 0;
        for (JsonNode port : CommonFields.items(ports)) {
            FieldPath at = SPEC.child("ports").index(i++);
            CommonFields.name(port, "name", ports.size() > 1, NameFormats::dns1123Label, at, errors);
            String name = CommonFields.text(port, "name");
            if (name != null && !name.isEmpty() && !names.add(name)) {
                errors.duplicate(at.child("name"), name);
            }
            CommonFields.port(port, "port", true, at, errors);
            CommonFields.protocol(port, at, errors);
            JsonNode target = port.path("targetPort");
            if (!target.isMissingNode() && !target.isNull() && !(target.isIntegralNumber() && target.asLong() == 0)) {
                CommonFields.portNumberOrName(target, at.child("targetPort"), errors);
            }
            long nodePort = port.path("nodePort").asLong(0);
            if (nodePort != 0 && !nodePorts) {
                errors.forbidden(at.child("nodePort"), "may not be used when `type` is '" + type + "'");
            } else if (nodePort < 0 || nodePort > 65535) {
                errors.invalid(at.child("nodePort"), nodePort, CommonFields.PORT_RANGE);
            }
            String protocol = CommonFields.textOrEmpty(port, "protocol");
            if (port.path("port").isIntegralNumber() && !portProtocols.add(port.path("port").asLong() + "/" + protocol)) {
                ObjectNode key = JsonNodeFactory.instance.objectNode();
                key.set("port", port.path("port"));
                key.put("protocol", protocol);
                errors.duplicate(at, key);
            }
            if (nodePort != 0 && !nodePortProtocols.add(nodePort + "/" + protocol)) {
                errors.duplicate(at.child("nodePort"), port.path("nodePort"));
            }
        }
    }

    /** A cluster IP once set cannot change (but for ExternalName services, which have none). */
    public static void validateUpdate(JsonNode service, JsonNode old, FieldErrors errors) {
        JsonNode spec = service.path("spec");
        JsonNode oldSpec = old.path("spec");
        boolean external = "ExternalName".equals(CommonFields.text(spec, "type"));
        boolean oldExternal = "ExternalName".equals(CommonFields.text(oldSpec, "type"));
        if (!external && !oldExternal && !CommonFields.textOrEmpty(oldSpec, "clusterIP").isEmpty()) {
            CommonFields.immutable(spec, oldSpec, "clusterIP", SPEC, errors);
        }
    }
}
