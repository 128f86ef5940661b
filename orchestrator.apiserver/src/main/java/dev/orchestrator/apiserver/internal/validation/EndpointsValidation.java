package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Endpoints (core/v1) and EndpointSlices (discovery.k8s.io/v1): addresses, ports, limits. */
public final class EndpointsValidation {

    private static final int MAX_ENDPOINTS = 1000;
    private static final int MAX_ADDRESSES = 100;
    private static final int MAX_PORTS = 20000;
    private static final List<String> ADDRESS_TYPES = List.of("IPv4", "IPv6", "FQDN");

    private EndpointsValidation() {
    }

    public static void validateEndpoints(JsonNode endpoints, FieldErrors errors) {
        int i = 0;
        for (JsonNode subset : CommonFields.items(endpoints.path("subsets"))) {
            FieldPath at = FieldPath.root("subsets").index(i++);
            if (subset.path("addresses").isEmpty() && subset.path("notReadyAddresses").isEmpty()) {
                errors.required(at, "must specify `addresses` or `notReadyAddresses`");
            }
            for (String list : List.of("addresses", "notReadyAddresses")) {
                int j = 0;
                for (JsonNode address : CommonFields.items(subset.path(list))) {
                    address(address, at.child(list).index(j++), errors);
                }
            }
            JsonNode ports = subset.path("ports");
            int j = 0;
            for (JsonNode port : CommonFields.items(ports)) {
                FieldPath p = at.child("ports").index(j++);
                CommonFields.name(port, "name", ports.size() > 1, NameFormats::dns1123Label, p, errors);
                CommonFields.port(port, "port", true, p, errors);
                CommonFields.protocol(port, p, errors);
            }
        }
    }

    private static void address(JsonNode address, FieldPath path, FieldErrors errors) {
        String ip = CommonFields.textOrEmpty(address, "ip");
        if (!Networks.isIP(ip)) {
            errors.invalid(path.child("ip"), ip, Networks.IP_ERROR);
        } else {
            Networks.specialIpProblems(ip).forEach(p -> errors.invalid(path.child("ip"), ip, p));
        }
        CommonFields.name(address, "hostname", false, NameFormats::dns1123Label, path, errors);
        CommonFields.name(address, "nodeName", false, NameFormats::dns1123Subdomain, path, errors);
    }

    public static void validateEndpointSlice(JsonNode slice, FieldErrors errors) {
        FieldPath root = FieldPath.root("");
        CommonFields.oneOf(slice, "addressType", true, ADDRESS_TYPES, root, errors);
        String type = CommonFields.textOrEmpty(slice, "addressType");
        JsonNode endpoints = slice.path("endpoints");
        FieldPath endpointsPath = FieldPath.root("endpoints");
        if (endpoints.size() > MAX_ENDPOINTS) {
            errors.tooMany(endpointsPath, endpoints.size(), MAX_ENDPOINTS);
        }
        int i = 0;
        for (JsonNode endpoint : CommonFields.items(endpoints)) {
            FieldPath at = endpointsPath.index(i++);
            endpoint(endpoint, type, at, errors);
        }
        JsonNode ports = slice.path("ports");
        FieldPath portsPath = FieldPath.root("ports");
        if (ports.size() > MAX_PORTS) {
            errors.tooMany(portsPath, ports.size(), MAX_PORTS);
        }
        Set<String> names = new HashSet<>();
        i = 0;
        for (JsonNode port : CommonFields.items(ports)) {
            FieldPath at = portsPath.index(i++);
            String name = CommonFields.textOrEmpty(port, "name");
            CommonFields.name(port, "name", false, NameFormats::dns1123Label, at, errors);
            if (!names.add(name)) {
                errors.duplicate(at.child("name"), name);
            }
            CommonFields.protocol(port, at, errors);
            if (CommonFields.has(port, "port")) {
                CommonFields.port(port, "port", false, at, errors);
            }
            CommonFields.name(port, "appProtocol", false, NameFormats::qualifiedName, at, errors);
        }
    }

    private static void endpoint(JsonNode endpoint, String type, FieldPath at, FieldErrors errors) {
        JsonNode addresses = endpoint.path("addresses");
        FieldPath addressesPath = at.child("addresses");
        if (addresses.isEmpty()) {
            errors.required(addressesPath, "must contain at least 1 address");
        } else if (addresses.size() > MAX_ADDRESSES) {
            errors.tooMany(addressesPath, addresses.size(), MAX_ADDRESSES);
        }
        int j = 0;
        for (JsonNode address : CommonFields.items(addresses)) {
            FieldPath a = addressesPath.index(j++);
            String text = address.asText("");
            switch (type) {
                case "IPv4" -> ip(text, Networks.isIPv4(text), "must be a valid IPv4 address", a, errors);
                case "IPv6" -> ip(text, Networks.isIPv6(text), "must be a valid IPv6 address", a, errors);
                case "FQDN" -> fqdn(text, a, errors);
                default -> {
                }
            }
        }
        for (String condition : List.of("ready", "serving", "terminating")) {
            JsonNode c = endpoint.path("conditions").path(condition);
            if (!c.isMissingNode() && !c.isNull() && !c.isBoolean()) {
                errors.invalid(at.child("conditions", condition), c, "must be a boolean");
            }
        }
        CommonFields.name(endpoint, "nodeName", false, NameFormats::dns1123Subdomain, at, errors);
        CommonFields.name(endpoint, "hostname", false, NameFormats::dns1123Label, at, errors);
    }

    private static void ip(String text, boolean valid, String problem, FieldPath path, FieldErrors errors) {
        if (!valid) {
            errors.invalid(path, text, problem);
        } else {
            Networks.specialIpProblems(text).forEach(p -> errors.invalid(path, text, p));
        }
    }

    private static void fqdn(String text, FieldPath path, FieldErrors errors) {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty()) {
            errors.required(path, "");
            return;
        }
        if (!name.contains(".")) {
            errors.invalid(path, text, "should be a domain with at least two segments separated by dots");
        }
        NameFormats.dns1123Subdomain(name).forEach(p -> errors.invalid(path, text, p));
    }

    /** EndpointSlice addressType is fixed once created. */
    public static void validateEndpointSliceUpdate(JsonNode slice, JsonNode old, FieldErrors errors) {
        CommonFields.immutable(slice, old, "addressType", FieldPath.root(""), errors);
    }
}
