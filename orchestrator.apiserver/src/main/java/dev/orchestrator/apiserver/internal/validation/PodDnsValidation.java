package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod spec's {@code dnsConfig}, with Kubernetes' rules and words ({@code validatePodDNSConfig}): with
 * {@code dnsPolicy: None} a dnsConfig with at least one nameserver is required; at most 3 nameservers, each an IP
 * address; at most 32 search domains of 2048 characters in all (spaces included), each a DNS subdomain (a trailing
 * dot is fine); every option has a name. The limits are the resolver's (glibc reads 3 nameservers).
 */
final class PodDnsValidation {

    static final int MAX_NAMESERVERS = 3;
    static final int MAX_SEARCH_PATHS = 32;
    static final int MAX_SEARCH_LIST_CHARS = 2048;

    private PodDnsValidation() {
    }

    static void validate(JsonNode spec, FieldPath path, FieldErrors errors) {
        JsonNode config = spec.path("dnsConfig");
        FieldPath at = path.child("dnsConfig");
        boolean present = config.isObject();
        if ("None".equals(CommonFields.text(spec, "dnsPolicy"))) {
            if (!present) {
                errors.required(at, "must provide `dnsConfig` when `dnsPolicy` is None");
                return;
            }
            if (!config.path("nameservers").isArray() || config.path("nameservers").isEmpty()) {
                errors.required(at.child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None");
                return;
            }
        }
        if (!present) {
            return;
        }
        nameservers(config.path("nameservers"), at.child("nameservers"), errors);
        searches(config.path("searches"), at.child("searches"), errors);
        int i = 0;
        for (JsonNode option : CommonFields.items(config.path("options"))) {
            String name = CommonFields.textOrEmpty(option, "name");
            if (name.isEmpty()) {
                errors.required(at.child("options").index(i), "must not be empty");
            }
            i++;
        }
    }

    private static void nameservers(JsonNode list, FieldPath path, FieldErrors errors) {
        if (list.isArray() && list.size() > MAX_NAMESERVERS) {
            errors.invalid(path, list, "must not have more than " + MAX_NAMESERVERS + " nameservers");
        }
        int i = 0;
        for (JsonNode ns : CommonFields.items(list)) {
            String ip = ns.asText("");
            if (!ns.isTextual() || !Networks.isIP(ip)) {
                errors.invalid(path.index(i), ip, Networks.IP_ERROR);
            }
            i++;
        }
    }

    private static void searches(JsonNode list, FieldPath path, FieldErrors errors) {
        List<String> all = new ArrayList<>();
        CommonFields.items(list).forEach(s -> all.add(s.asText("")));
        if (all.size() > MAX_SEARCH_PATHS) {
            errors.invalid(path, list, "must not have more than " + MAX_SEARCH_PATHS + " search paths");
        }
        if (String.join(" ", all).length() > MAX_SEARCH_LIST_CHARS) {
            errors.invalid(path, list, "must not have more than " + MAX_SEARCH_LIST_CHARS
                    + " characters (including spaces) in the search list");
        }
        for (int i = 0; i < all.size(); i++) {
            String search = all.get(i);
            String name = search.endsWith(".") ? search.substring(0, search.length() - 1) : search;
            FieldPath at = path.index(i);
            NameFormats.dns1123Subdomain(name).forEach(p -> errors.invalid(at, name, p));
        }
    }
}
