package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.NetworkingValidation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * networking.k8s.io/v1 as Kubernetes serves it: Ingresses and IngressClasses for an ingress controller run as pods
 * (none is built in), and NetworkPolicies, kept and validated (this cluster's pod network does not enforce them,
 * and says so when one is written: {@link NetworkingAdmission}).
 */
final class NetworkingStrategies {

    private NetworkingStrategies() {
    }

    static final ResourceStrategy INGRESS = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode ingress) {
            ingress.putObject("status").putObject("loadBalancer");
        }

        @Override
        public void validate(ObjectNode ingress, List<ApiException.Cause> causes) {
            NetworkingValidation.validateIngress(ingress, Causes.into(causes));
        }
    };

    static final ResourceStrategy INGRESS_CLASS = ValidatedStrategy.of(NetworkingValidation::validateIngressClass,
            (updated, old, errors) -> NetworkingValidation.validateIngressClassUpdate(updated, old, errors));

    static final ResourceStrategy NETWORK_POLICY = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode policy) {
            defaults(policy);
        }

        @Override
        public void prepareForUpdate(ObjectNode policy, ObjectNode old) {
            defaults(policy);
        }

        /** Kubernetes' defaults: TCP ports, and policy types Ingress, plus Egress when the policy has egress rules. */
        private void defaults(ObjectNode policy) {
            if (!(policy.get("spec") instanceof ObjectNode spec)) {
                return;
            }
            for (String direction : List.of("ingress", "egress")) {
                for (JsonNode rule : spec.path(direction)) {
                    for (JsonNode port : rule.path("ports")) {
                        if (port instanceof ObjectNode p && !p.has("protocol")) {
                            p.put("protocol", "TCP");
                        }
                    }
                }
            }
            if (!spec.has("policyTypes")) {
                ArrayNode types = spec.putArray("policyTypes").add("Ingress");
                if (spec.path("egress").size() > 0) {
                    types.add("Egress");
                }
            }
        }

        @Override
        public void validate(ObjectNode policy, List<ApiException.Cause> causes) {
            NetworkingValidation.validateNetworkPolicy(policy, Causes.into(causes));
        }
    };

    /** kubectl's HOSTS of an Ingress: its rules' hosts, {@code *} for a rule without one. */
    static String ingressHosts(ObjectNode ingress) {
        Set<String> hosts = new LinkedHashSet<>();
        ingress.path("spec").path("rules").forEach(r -> hosts.add(r.path("host").asText("").isEmpty() ? "*"
                : r.path("host").asText()));
        return hosts.isEmpty() ? "*" : String.join(",", hosts);
    }

    /** kubectl's ADDRESS: the load balancer addresses an ingress controller wrote into the status. */
    static String ingressAddress(ObjectNode ingress) {
        List<String> all = new ArrayList<>();
        ingress.path("status").path("loadBalancer").path("ingress").forEach(i -> all.add(i.has("ip")
                ? i.path("ip").asText() : i.path("hostname").asText()));
        return String.join(",", all);
    }

    /** kubectl's PORTS: 80, and 443 when the Ingress has TLS. */
    static String ingressPorts(ObjectNode ingress) {
        return ingress.path("spec").path("tls").size() > 0 ? "80, 443" : "80";
    }
}
