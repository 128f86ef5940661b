package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Nodes: pod CIDRs, taints, and (on status writes) addresses, capacity and allocatable. */
public final class NodeValidation {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath STATUS = FieldPath.root("status");
    private static final List<String> ADDRESS_TYPES = List.of("Hostname", "InternalIP", "ExternalIP", "InternalDNS",
            "ExternalDNS");

    private NodeValidation() {
    }

    public static void validate(JsonNode node, FieldErrors errors) {
        JsonNode spec = node.path("spec");
        String podCIDR = CommonFields.text(spec, "podCIDR");
        if (podCIDR != null && !podCIDR.isEmpty() && !Networks.isCIDR(podCIDR)) {
            errors.invalid(SPEC.child("podCIDR"), podCIDR, Networks.CIDR_ERROR);
        }
        JsonNode cidrs = spec.path("podCIDRs");
        int i = 0;
        for (JsonNode cidr : CommonFields.items(cidrs)) {
            if (cidr.isTextual() && !Networks.isCIDR(cidr.asText())) {
                errors.invalid(SPEC.child("podCIDRs").index(i), cidr.asText(), Networks.CIDR_ERROR);
            }
            i++;
        }
        if (cidrs.size() > 2) {
            errors.invalid(SPEC.child("podCIDRs"), cidrs, "may specify no more than one CIDR for each IP family");
        }
        taints(spec.path("taints"), SPEC.child("taints"), errors);
        // Kubernetes validates a node's status on every write of the node, not only on status writes.
        validateStatus(node, errors);
    }

    /**
     * A node's pod range is handed out once (by the node IPAM controller or the kubelet) and then fixed: pods
     * hold addresses from it.
     */
    public static void validateUpdate(JsonNode node, JsonNode old, FieldErrors errors) {
        String before = CommonFields.textOrEmpty(old.path("spec"), "podCIDR");
        String after = CommonFields.textOrEmpty(node.path("spec"), "podCIDR");
        if (!before.isEmpty() && !before.equals(after)
                || !old.path("spec").path("podCIDRs").isEmpty()
                && !old.path("spec").path("podCIDRs").equals(node.path("spec").path("podCIDRs"))) {
            errors.forbidden(SPEC.child("podCIDRs"), "node updates may not change podCIDR except from \"\" to valid");
        }
    }

    private static void taints(JsonNode taints, FieldPath path, FieldErrors errors) {
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (JsonNode t : CommonFields.items(taints)) {
            FieldPath at = path.index(i++);
            CommonFields.name(t, "key", true, NameFormats::qualifiedName, at, errors);
            CommonFields.name(t, "value", false, NameFormats::labelValue, at, errors);
            PodSpecValidation.taintEffect(t, at, errors);
            String key = CommonFields.textOrEmpty(t, "key") + "\u0000" + CommonFields.textOrEmpty(t, "effect");
            if (!seen.add(key)) {
                errors.duplicate(at, t);
            }
        }
    }

    public static void validateStatus(JsonNode node, FieldErrors errors) {
        JsonNode status = node.path("status");
        int i = 0;
        for (JsonNode address : CommonFields.items(status.path("addresses"))) {
            FieldPath at = STATUS.child("addresses").index(i++);
            CommonFields.oneOf(address, "type", true, ADDRESS_TYPES, at, errors);
            CommonFields.name(address, "address", true, s -> List.of(), at, errors);
        }
        CommonFields.quantities(status.path("capacity"), STATUS.child("capacity"), errors);
        CommonFields.quantities(status.path("allocatable"), STATUS.child("allocatable"), errors);
        PodValidation.conditions(status.path("conditions"), STATUS.child("conditions"), errors);
    }
}
