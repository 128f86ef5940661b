package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One container of a pod spec: name, image, ports, env, resources, volume mounts, probes — the
 * rules of Kubernetes' {@code validateContainers}. Names unique across the pod are checked by
 * {@link PodSpecValidation}.
 */
final class ContainerValidation {

    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
    private static final Set<String> STANDARD_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");
    private static final List<String> PROBE_HANDLERS = List.of("exec", "httpGet", "tcpSocket", "grpc");

    private ContainerValidation() {
    }

    static void validate(JsonNode c, FieldPath path, boolean init, boolean hostNetwork, Set<String> volumes,
                         FieldErrors errors) {
        CommonFields.name(c, "name", true, NameFormats::dns1123Label, path, errors);
        image(c, path, errors);
        CommonFields.oneOf(c, "imagePullPolicy", true, PULL_POLICIES, path, errors);
        CommonFields.oneOf(c, "terminationMessagePolicy", false, MESSAGE_POLICIES, path, errors);
        ports(c.path("ports"), path.child("ports"), hostNetwork, errors);
        env(c.path("env"), path.child("env"), errors);
        envFrom(c.path("envFrom"), path.child("envFrom"), errors);
        resources(c.path("resources"), path.child("resources"), errors);
        volumeMounts(c.path("volumeMounts"), path.child("volumeMounts"), volumes, errors);
        boolean sidecar = init && "Always".equals(CommonFields.text(c, "restartPolicy"));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (!CommonFields.has(c, probe)) {
                continue;
            }
            if (init && !sidecar) {
                errors.forbidden(path.child(probe), "may not be set for init containers without restartPolicy=Always");
            } else {
                probe(c.path(probe), path.child(probe), !probe.equals("readinessProbe"), errors);
            }
        }
    }

    private static void image(JsonNode c, FieldPath path, FieldErrors errors) {
        String image = CommonFields.text(c, "image");
        if (image == null || image.isEmpty()) {
            errors.required(path.child("image"), "");
        } else if (!image.equals(image.strip())) {
            errors.invalid(path.child("image"), image, "must not have leading or trailing whitespace");
        }
    }

    private static void ports(JsonNode ports, FieldPath path, boolean hostNetwork, FieldErrors errors) {
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode port : CommonFields.items(ports)) {
            FieldPath at = path.index(i++);
            String name = CommonFields.text(port, "name");
            if (name != null && !name.isEmpty()) {
                List<String> problems = NameFormats.portName(name);
                problems.forEach(p -> errors.invalid(at.child("name"), name, p));
                if (problems.isEmpty() && !names.add(name)) {
                    errors.duplicate(at.child("name"), name);
                }
            }
            CommonFields.port(port, "containerPort", true, at, errors);
            Long hostPort = CommonFields.integer(port, "hostPort");
            if (hostPort != null && hostPort != 0) {
                CommonFields.port(port, "hostPort", false, at, errors);
                if (hostNetwork && !hostPort.equals(CommonFields.integer(port, "containerPort"))) {
                    errors.invalid(at.child("hostPort"), hostPort, "must match `containerPort` when `hostNetwork` is true");
                }
            }
            CommonFields.protocol(port, at, errors);
        }
    }

    private static void env(JsonNode env, FieldPath path, FieldErrors errors) {
        int i = 0;
        for (JsonNode var : CommonFields.items(env)) {
            FieldPath at = path.index(i++);
            CommonFields.name(var, "name", true, NameFormats::envVarName, at, errors);
            if (CommonFields.has(var, "valueFrom")) {
                valueFrom(var, at.child("valueFrom"), errors);
            }
        }
    }

    private static void valueFrom(JsonNode var, FieldPath path, FieldErrors errors) {
        JsonNode from = var.path("valueFrom");
        List<String> sources = List.of("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef");
        long given = sources.stream().filter(s -> CommonFields.has(from, s)).count();
        if (given == 0) {
            errors.invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or "
                    + "`secretKeyRef`");
            return;
        }
        if (!CommonFields.textOrEmpty(var, "value").isEmpty()) {
            errors.invalid(path, "", "may not be specified when `value` is not empty");
        }
        if (given > 1) {
            errors.invalid(path, "", "may not have more than one field specified at a time");
            return;
        }
        for (String ref : List.of("configMapKeyRef", "secretKeyRef")) {
            if (CommonFields.has(from, ref)) {
                CommonFields.name(from.path(ref), "name", true, NameFormats::dns1123Subdomain, path.child(ref), errors);
                CommonFields.name(from.path(ref), "key", true, NameFormats::configKey, path.child(ref), errors);
            }
        }
        if (CommonFields.has(from, "fieldRef")) {
            CommonFields.name(from.path("fieldRef"), "fieldPath", true, s -> List.of(), path.child("fieldRef"), errors);
        }
        if (CommonFields.has(from, "resourceFieldRef")) {
            CommonFields.name(from.path("resourceFieldRef"), "resource", true, s -> List.of(),
                    path.child("resourceFieldRef"), errors);
        }
    }

    private static void envFrom(JsonNode envFrom, FieldPath path, FieldErrors errors) {
        int i = 0;
        for (JsonNode source : CommonFields.items(envFrom)) {
            FieldPath at = path.index(i++);
            boolean configMap = CommonFields.has(source, "configMapRef");
            boolean secret = CommonFields.has(source, "secretRef");
            if (!configMap && !secret) {
                errors.invalid(at, "", "must specify one of: `configMapRef` or `secretRef`");
            } else if (configMap && secret) {
                errors.invalid(at, "", "may not have more than one field specified at a time");
            } else {
                String ref = configMap ? "configMapRef" : "secretRef";
                CommonFields.name(source.path(ref), "name", true, NameFormats::dns1123Subdomain, at.child(ref), errors);
            }
        }
    }

    /** Limits and requests: resource names, quantities, and no request above its limit. */
    static void resources(JsonNode resources, FieldPath path, FieldErrors errors) {
        Map<String, BigDecimal> limits = new java.util.HashMap<>();
        for (String kind : List.of("limits", "requests")) {
            FieldPath at = path.child(kind);
            for (Map.Entry<String, JsonNode> e : CommonFields.entries(resources.path(kind))) {
                String resource = e.getKey();
                FieldPath key = at.key(resource);
                resourceName(resource, key, errors);
                BigDecimal q = CommonFields.quantity(e.getValue(), key, errors);
                if (q == null) {
                    continue;
                }
                if (resource.contains("/") && !resource.startsWith("kubernetes.io/")
                        && q.stripTrailingZeros().scale() > 0) {
                    errors.invalid(key, e.getValue(), "must be an integer");
                }
                if (kind.equals("limits")) {
                    limits.put(resource, q);
                } else if (limits.containsKey(resource) && q.compareTo(limits.get(resource)) > 0) {
                    errors.invalid(key, e.getValue().asText(), "must be less than or equal to " + resource
                            + " limit of " + resources.path("limits").path(resource).asText());
                }
            }
        }
    }

    private static void resourceName(String name, FieldPath path, FieldErrors errors) {
        List<String> problems = NameFormats.qualifiedName(name);
        problems.forEach(p -> errors.invalid(path, name, p));
        if (problems.isEmpty() && !name.contains("/") && !STANDARD_RESOURCES.contains(name)
                && !name.startsWith("hugepages-")) {
            errors.invalid(path, name, "must be a standard resource for containers");
        }
    }

    private static void volumeMounts(JsonNode mounts, FieldPath path, Set<String> volumes, FieldErrors errors) {
        Set<String> mountPaths = new HashSet<>();
        int i = 0;
        for (JsonNode mount : CommonFields.items(mounts)) {
            FieldPath at = path.index(i++);
            String name = CommonFields.textOrEmpty(mount, "name");
            if (name.isEmpty()) {
                errors.required(at.child("name"), "");
            } else if (!volumes.contains(name)) {
                errors.notFound(at.child("name"), name);
            }
            String mountPath = CommonFields.textOrEmpty(mount, "mountPath");
            if (mountPath.isEmpty()) {
                errors.required(at.child("mountPath"), "");
            } else if (!mountPaths.add(mountPath)) {
                errors.invalid(at.child("mountPath"), mountPath, "must be unique");
            }
            String subPath = CommonFields.textOrEmpty(mount, "subPath");
            if (subPath.startsWith("/") || List.of(subPath.split("/")).contains("..")) {
                errors.invalid(at.child("subPath"), subPath, subPath.startsWith("/") ? "must be a relative path"
                        : "must not contain '..'");
            }
        }
    }

    /** A probe: exactly one handler, non-negative timings, a success threshold of 1 where only 1 makes sense. */
    private static void probe(JsonNode probe, FieldPath path, boolean successMustBeOne, FieldErrors errors) {
        List<String> handlers = PROBE_HANDLERS.stream().filter(h -> CommonFields.has(probe, h)).toList();
        if (handlers.isEmpty()) {
            errors.required(path, "must specify a handler type");
        } else if (handlers.size() > 1) {
            errors.forbidden(path.child(handlers.get(1)), "may not specify more than 1 handler type");
        } else if (handlers.get(0).equals("httpGet") || handlers.get(0).equals("tcpSocket")) {
            JsonNode port = probe.path(handlers.get(0)).path("port");
            FieldPath portPath = path.child(handlers.get(0), "port");
            if (port.isMissingNode() || port.isNull()) {
                errors.required(portPath, "");
            } else {
                CommonFields.portNumberOrName(port, portPath, errors);
            }
        } else if (handlers.get(0).equals("grpc")) {
            CommonFields.port(probe.path("grpc"), "port", true, path.child("grpc"), errors);
        }
        for (String timing : List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                "failureThreshold", "terminationGracePeriodSeconds")) {
            CommonFields.nonNegative(probe, timing, path, errors);
        }
        Long success = CommonFields.integer(probe, "successThreshold");
        if (successMustBeOne && success != null && success != 1) {
            errors.invalid(path.child("successThreshold"), success, "must be 1");
        }
    }
}
