package dev.orchestrator.apiserver.internal.validation;

import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertError;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertValid;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.errors;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.json;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.with;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Nodes, endpoints, endpoint slices, leases, events, namespaces and bindings. */
class OtherKindsValidationTest {

    static final ObjectNode NODE = json("{'metadata':{'name':'node-1'},'spec':{'podCIDR':'10.244.1.0/24',"
            + "'podCIDRs':['10.244.1.0/24'],'taints':[{'key':'node-role.kubernetes.io/control-plane','effect':'NoSchedule'}]},"
            + "'status':{'addresses':[{'type':'InternalIP','address':'192.168.1.10'},{'type':'Hostname','address':'node-1'}],"
            + "'capacity':{'cpu':'4','memory':'8129376Ki','pods':'110'},'allocatable':{'cpu':'3800m','memory':'7Gi','pods':'110'},"
            + "'conditions':[{'type':'Ready','status':'True'}]}}");
    static final ObjectNode ENDPOINTS = json("{'metadata':{'name':'web'},'subsets':[{'addresses':[{'ip':'10.244.1.5',"
            + "'nodeName':'node-1'}],'ports':[{'name':'http','port':80,'protocol':'TCP'}]}]}");
    static final ObjectNode SLICE = json("{'metadata':{'name':'web-abc'},'addressType':'IPv4','endpoints':[{'addresses':"
            + "['10.244.1.5'],'conditions':{'ready':true},'nodeName':'node-1'}],'ports':[{'name':'http','port':80,'protocol':'TCP'}]}");
    static final ObjectNode LEASE = json("{'metadata':{'name':'node-1'},'spec':{'holderIdentity':'node-1',"
            + "'leaseDurationSeconds':40,'leaseTransitions':0}}");
    static final ObjectNode CORE_EVENT = json("{'metadata':{'name':'web.17a','namespace':'default'},'involvedObject':"
            + "{'kind':'Pod','namespace':'default','name':'web'},'reason':'Started','message':'Started container',"
            + "'type':'Normal','source':{'component':'kubelet'},'count':1}");
    static final ObjectNode EVENT = json("{'metadata':{'name':'web.17b','namespace':'default'},'regarding':{'kind':'Pod',"
            + "'namespace':'default','name':'web'},'reason':'Scheduled','note':'assigned','type':'Normal','action':'Binding',"
            + "'reportingController':'default-scheduler','reportingInstance':'scheduler-1',"
            + "'eventTime':'2024-01-01T00:00:00.000000Z'}");

    @Test
    void typicalObjectsPass() {
        assertValid(errors(NODE, NodeValidation::validate));
        assertValid(errors(ENDPOINTS, EndpointsValidation::validateEndpoints));
        assertValid(errors(SLICE, EndpointsValidation::validateEndpointSlice));
        assertValid(errors(LEASE, LeaseValidation::validate));
        assertValid(errors(CORE_EVENT, EventValidation::validateCoreEvent));
        assertValid(errors(EVENT, EventValidation::validateEvent));
        assertValid(errors(json("{'spec':{'finalizers':['kubernetes','example.com/x']}}"), NamespaceValidation::validate));
        assertValid(errors(json("{'target':{'kind':'Node','name':'node-1'}}"), BindingValidation::validate));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/podCIDR|'10.244.1.0'|spec.podCIDR|must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
            "/spec/podCIDRs/0|'10.244.1.0/40'|spec.podCIDRs[0]|must be a valid CIDR value",
            "/spec/taints/0/effect|'Evict'|spec.taints[0].effect|Unsupported value: \"Evict\"",
            "/spec/taints/0/effect|<remove>|spec.taints[0].effect|Required value",
            "/spec/taints/0/key|'bad key'|spec.taints[0].key|name part must consist",
            "/spec/taints/-|{'key':'node-role.kubernetes.io/control-plane','effect':'NoSchedule'}|spec.taints[1]|Duplicate value",
            "/status/addresses/0/type|'PublicIP'|status.addresses[0].type|Unsupported value: \"PublicIP\": supported values: \"Hostname\", \"InternalIP\"",
            "/status/capacity/memory|'8 GB'|status.capacity[memory]|quantities must match the regular expression",
            "/status/allocatable/cpu|'-1'|status.allocatable[cpu]|must be greater than or equal to 0"})
    void nodeRules(String pointer, String value, String field, String message) {
        assertError(errors(with(NODE, pointer, value), NodeValidation::validate), field, message);
    }

    @Test
    void aNodesPodRangeIsSetOnceAndThenFixed() {
        ObjectNode without = with(with(NODE, "/spec/podCIDR", "<remove>"), "/spec/podCIDRs", "<remove>");
        assertValid(errors(NODE, (updated, e) -> NodeValidation.validateUpdate(updated, without, e)));
        assertValid(errors(NODE, (updated, e) -> NodeValidation.validateUpdate(updated, NODE, e)));
        ObjectNode moved = with(with(NODE, "/spec/podCIDR", "'10.244.2.0/24'"), "/spec/podCIDRs/0", "'10.244.2.0/24'");
        assertError(errors(moved, (updated, e) -> NodeValidation.validateUpdate(updated, NODE, e)), "spec.podCIDRs",
                "Forbidden: node updates may not change podCIDR except from \"\" to valid");
        assertError(errors(without, (updated, e) -> NodeValidation.validateUpdate(updated, NODE, e)), "spec.podCIDRs",
                "Forbidden");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/subsets/0/addresses/0/ip|'10.244.1'|subsets[0].addresses[0].ip|must be a valid IP address",
            "/subsets/0/addresses/0/ip|'127.0.0.1'|subsets[0].addresses[0].ip|may not be in the loopback range",
            "/subsets/0/addresses|[]|subsets[0]|Required value: must specify `addresses` or `notReadyAddresses`",
            "/subsets/0/ports/0/port|0|subsets[0].ports[0].port|Required value",
            "/subsets/0/ports/0/port|65536|subsets[0].ports[0].port|must be between 1 and 65535, inclusive",
            "/subsets/0/ports/0/protocol|'HTTP'|subsets[0].ports[0].protocol|Unsupported value",
            "/subsets/0/addresses/0/nodeName|'../x'|subsets[0].addresses[0].nodeName|a lowercase RFC 1123 subdomain"})
    void endpointsRules(String pointer, String value, String field, String message) {
        assertError(errors(with(ENDPOINTS, pointer, value), EndpointsValidation::validateEndpoints), field, message);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/addressType|<remove>|addressType|Required value",
            "/addressType|'IP'|addressType|Unsupported value: \"IP\": supported values: \"IPv4\", \"IPv6\", \"FQDN\"",
            "/endpoints/0/addresses/0|'fd00::1'|endpoints[0].addresses[0]|must be a valid IPv4 address",
            "/endpoints/0/addresses|[]|endpoints[0].addresses|Required value: must contain at least 1 address",
            "/endpoints/0/conditions/ready|'yes'|endpoints[0].conditions.ready|must be a boolean",
            "/endpoints/0/hostname|'Pod_1'|endpoints[0].hostname|a lowercase RFC 1123 label",
            "/ports/-|{'name':'http','port':81,'protocol':'TCP'}|ports[1].name|Duplicate value: \"http\"",
            "/ports/0/protocol|<remove>|ports[0].protocol|Required value"})
    void endpointSliceRules(String pointer, String value, String field, String message) {
        assertError(errors(with(SLICE, pointer, value), EndpointsValidation::validateEndpointSlice), field, message);
    }

    @Test
    void endpointSlicesHoldAtMost1000EndpointsAndKeepTheirAddressType() {
        ObjectNode big = SLICE.deepCopy();
        ArrayNode endpoints = big.putArray("endpoints");
        for (int i = 0; i < 1001; i++) {
            endpoints.addObject().putArray("addresses").add("10.1." + i / 250 + "." + (i % 250 + 1));
        }
        assertError(errors(big, EndpointsValidation::validateEndpointSlice), "endpoints", "Too many: 1001: must have at most 1000 items");
        ObjectNode fqdn = with(with(SLICE, "/addressType", "'FQDN'"), "/endpoints/0/addresses/0", "'web.example.com'");
        assertValid(errors(fqdn, EndpointsValidation::validateEndpointSlice));
        assertError(errors(fqdn, (s, e) -> EndpointsValidation.validateEndpointSliceUpdate(s, SLICE, e)), "addressType",
                "field is immutable");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/leaseDurationSeconds|0|spec.leaseDurationSeconds|Invalid value: 0: must be greater than 0",
            "/spec/leaseTransitions|-1|spec.leaseTransitions|must be greater than or equal to 0"})
    void leaseRules(String pointer, String value, String field, String message) {
        assertError(errors(with(LEASE, pointer, value), LeaseValidation::validate), field, message);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/involvedObject/namespace|'other'|involvedObject.namespace|does not match event.namespace",
            "/eventTime|'2024-01-01T00:00:00.000000Z'|reportingComponent|Required value",
            "/eventTime|'2024-01-01T00:00:00.000000Z'|action|Required value"})
    void coreEventRules(String pointer, String value, String field, String message) {
        assertError(errors(with(CORE_EVENT, pointer, value), EventValidation::validateCoreEvent), field, message);
    }

    @Test
    void eventsAboutClusterObjectsLiveInDefault() {
        ObjectNode nodeEvent = with(CORE_EVENT, "/involvedObject", "{'kind':'Node','name':'node-1'}");
        assertValid(errors(nodeEvent, EventValidation::validateCoreEvent));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/type|'Info'|type|has invalid value: Info",
            "/eventTime|<remove>|eventTime|Required value",
            "/reportingController|<remove>|reportingController|Required value",
            "/reportingController|'a/b/c'|reportingController|a qualified name must consist",
            "/reportingInstance|<remove>|reportingInstance|Required value",
            "/action|<remove>|action|Required value",
            "/deprecatedCount|3|deprecatedCount|needs to be unset"})
    void eventRules(String pointer, String value, String field, String message) {
        assertError(errors(with(EVENT, pointer, value), EventValidation::validateEvent), field, message);
    }

    @Test
    void newEventsAboutClusterObjectsLiveInDefaultOrKubeSystem() {
        ObjectNode clusterScoped = with(EVENT, "/regarding/namespace", "<remove>");
        assertValid(errors(clusterScoped, EventValidation::validateEvent));
        assertError(errors(with(clusterScoped, "/metadata/namespace", "'team-a'"), EventValidation::validateEvent),
                "regarding.namespace", "does not match event.namespace");
    }

    @Test
    void longEventFieldsAreRejected() {
        assertError(errors(with(EVENT, "/reason", "'" + "r".repeat(129) + "'"), EventValidation::validateEvent),
                "reason", "can have at most 128 characters");
        assertError(errors(with(EVENT, "/note", "'" + "n".repeat(1025) + "'"), EventValidation::validateEvent),
                "note", "can have at most 1024 characters");
    }

    @Test
    void namespaceFinalizersAreStandardOrQualified() {
        assertError(errors(json("{'spec':{'finalizers':['custom']}}"), NamespaceValidation::validate), "spec.finalizers",
                "Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified");
        assertError(errors(json("{'spec':{'finalizers':['a b/c']}}"), NamespaceValidation::validate), "spec.finalizers",
                "prefix part");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "{'target':{}}|target.name|Required value",
            "{'target':{'name':'../x'}}|target.name|Invalid value: \"../x\": a lowercase RFC 1123 subdomain",
            "{'target':{'kind':'Pod','name':'n'}}|target.kind|Unsupported value: \"Pod\": supported values: \"Node\""})
    void bindingRules(String binding, String field, String message) {
        assertError(errors(json(binding), BindingValidation::validate), field, message);
    }
}
