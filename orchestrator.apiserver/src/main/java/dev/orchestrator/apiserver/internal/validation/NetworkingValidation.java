package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** networking.k8s.io/v1: Ingresses, IngressClasses and NetworkPolicies, with Kubernetes' rules and wording. */
public final class NetworkingValidation {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");

    private NetworkingValidation() {
    }

    public static void validateIngress(JsonNode ingress, FieldErrors errors) {
        JsonNode spec = ingress.path("spec");
        CommonFields.name(spec, "ingressClassName", false, NameFormats::dns1123Subdomain, SPEC, errors);
        boolean rules = spec.path("rules").size() > 0;
        if (CommonFields.has(spec, "defaultBackend")) {
            backend(spec.path("defaultBackend"), SPEC.child("defaultBackend"), errors);
        } else if (!rules) {
            errors.invalid(SPEC, "", "either `defaultBackend` or `rules` must be specified");
        }
        int r = 0;
        for (JsonNode rule : CommonFields.items(spec.path("rules"))) {
            FieldPath at = SPEC.child("rules").index(r++);
            host(rule.path("host").asText(""), at.child("host"), errors);
            if (!rule.has("http")) {
                continue;
            }
            FieldPath paths = at.child("http", "paths");
            if (rule.path("http").path("paths").size() == 0) {
                errors.required(paths, "");
            }
            int p = 0;
            for (JsonNode path : CommonFields.items(rule.path("http").path("paths"))) {
                httpPath(path, paths.index(p++), errors);
            }
        }
        int t = 0;
        for (JsonNode tls : CommonFields.items(spec.path("tls"))) {
            int h = 0;
            for (JsonNode host : CommonFields.items(tls.path("hosts"))) {
                host(host.asText(""), SPEC.child("tls").index(t).child("hosts").index(h++), errors);
            }
            t++;
        }
    }

    /** A host is a DNS subdomain, or one with a leading {@code *.} wildcard label; no IP address. */
    private static void host(String host, FieldPath path, FieldErrors errors) {
        if (host.isEmpty()) {
            return;
        }
        if (Networks.isIP(host)) {
            errors.invalid(path, host, "must be a DNS name, not an IP address");
            return;
        }
        String checked = host.startsWith("*.") ? host.substring(2) : host;
        for (String problem : NameFormats.dns1123Subdomain(checked)) {
            errors.invalid(path, host, host.startsWith("*.") ? "a wildcard DNS-1123 subdomain must start with '*.', "
                    + "followed by a valid DNS subdomain" : problem);
        }
    }

    private static void httpPath(JsonNode path, FieldPath at, FieldErrors errors) {
        CommonFields.oneOf(path, "pathType", true, PATH_TYPES, at, errors);
        String type = CommonFields.textOrEmpty(path, "pathType");
        String value = CommonFields.textOrEmpty(path, "path");
        if (("Exact".equals(type) || "Prefix".equals(type)) && !value.startsWith("/")) {
            errors.invalid(at.child("path"), value, "must be an absolute path");
        }
        if (CommonFields.has(path, "backend")) {
            backend(path.path("backend"), at.child("backend"), errors);
        } else {
            errors.required(at.child("backend"), "");
        }
    }

    /** Exactly one of a service (name and one port, by number or name) or a resource. */
    private static void backend(JsonNode backend, FieldPath at, FieldErrors errors) {
        boolean service = CommonFields.has(backend, "service");
        boolean resource = CommonFields.has(backend, "resource");
        if (service == resource) {
            errors.invalid(at, "", service ? "cannot set both service and resource backends"
                    : "one backend must be specified");
            return;
        }
        if (!service) {
            CommonFields.name(backend.path("resource"), "kind", true, s -> List.of(), at.child("resource"), errors);
            CommonFields.name(backend.path("resource"), "name", true, s -> List.of(), at.child("resource"), errors);
            return;
        }
        JsonNode svc = backend.path("service");
        FieldPath sat = at.child("service");
        CommonFields.name(svc, "name", true, NameFormats::dns1035Label, sat, errors);
        JsonNode port = svc.path("port");
        boolean number = CommonFields.has(port, "number");
        boolean name = CommonFields.has(port, "name");
        if (number && name) {
            errors.invalid(sat.child("port"), "", "cannot set both port name & port number");
        } else if (number) {
            CommonFields.port(port, "number", true, sat.child("port"), errors);
        } else if (name) {
            CommonFields.name(port, "name", true, NameFormats::portName, sat.child("port"), errors);
        } else {
            errors.required(sat.child("port"), "port name or number is required");
        }
    }

    public static void validateIngressClass(JsonNode ingressClass, FieldErrors errors) {
        JsonNode spec = ingressClass.path("spec");
        CommonFields.name(spec, "controller", true, NameFormats::qualifiedName, SPEC, errors);
    }

    /** The controller of a class never changes. */
    public static void validateIngressClassUpdate(JsonNode updated, JsonNode old, FieldErrors errors) {
        CommonFields.immutable(updated.path("spec"), old.path("spec"), "controller", SPEC, errors);
    }

    public static void validateNetworkPolicy(JsonNode policy, FieldErrors errors) {
        JsonNode spec = policy.path("spec");
        if (!spec.path("podSelector").isObject()) {
            errors.required(SPEC.child("podSelector"), "");
        } else {
            PolicyValidation.labelSelector(spec.path("podSelector"), SPEC.child("podSelector"), errors);
        }
        int i = 0;
        for (JsonNode type : CommonFields.items(spec.path("policyTypes"))) {
            if (!List.of("Ingress", "Egress").contains(type.asText())) {
                errors.notSupported(SPEC.child("policyTypes").index(i), type, List.of("Ingress", "Egress"));
            }
            i++;
        }
        rules(spec.path("ingress"), "from", SPEC.child("ingress"), errors);
        rules(spec.path("egress"), "to", SPEC.child("egress"), errors);
    }

    private static void rules(JsonNode rules, String peersField, FieldPath path, FieldErrors errors) {
        int r = 0;
        for (JsonNode rule : CommonFields.items(rules)) {
            FieldPath at = path.index(r++);
            int p = 0;
            for (JsonNode port : CommonFields.items(rule.path("ports"))) {
                FieldPath pat = at.child("ports").index(p++);
                if (CommonFields.has(port, "protocol")) {
                    CommonFields.protocol(port, pat, errors);
                }
                if (CommonFields.has(port, "port")) {
                    CommonFields.portNumberOrName(port.path("port"), pat.child("port"), errors);
                }
                if (CommonFields.has(port, "endPort")) {
                    if (!port.path("port").isIntegralNumber()) {
                        errors.required(pat.child("port"), "must be specified when endPort is specified");
                    } else if (port.path("endPort").asLong() < port.path("port").asLong()) {
                        errors.invalid(pat.child("endPort"), port.path("endPort").asLong(),
                                "must be greater than or equal to `port`");
                    }
                }
            }
            int q = 0;
            for (JsonNode peer : CommonFields.items(rule.path(peersField))) {
                peer(peer, at.child(peersField).index(q++), errors);
            }
        }
    }

    private static void peer(JsonNode peer, FieldPath at, FieldErrors errors) {
        boolean selectors = CommonFields.has(peer, "podSelector") || CommonFields.has(peer, "namespaceSelector");
        boolean block = CommonFields.has(peer, "ipBlock");
        if (!selectors && !block) {
            errors.required(at, "must specify a peer");
        } else if (selectors && block) {
            errors.forbidden(at, "may not specify more than 1 peer type");
        }
        if (block) {
            JsonNode ipBlock = peer.path("ipBlock");
            String cidr = CommonFields.textOrEmpty(ipBlock, "cidr");
            if (cidr.isEmpty()) {
                errors.required(at.child("ipBlock", "cidr"), "");
            } else if (!Networks.isCIDR(cidr)) {
                errors.invalid(at.child("ipBlock", "cidr"), cidr, Networks.CIDR_ERROR);
            }
            int e = 0;
            for (JsonNode except : CommonFields.items(ipBlock.path("except"))) {
                if (!Networks.isCIDR(except.asText(""))) {
                    errors.invalid(at.child("ipBlock", "except").index(e), except.asText(""), Networks.CIDR_ERROR);
                }
                e++;
            }
        }
        for (String selector : List.of("podSelector", "namespaceSelector")) {
            if (CommonFields.has(peer, selector)) {
                PolicyValidation.labelSelector(peer.path(selector), at.child(selector), errors);
            }
        }
    }
}
