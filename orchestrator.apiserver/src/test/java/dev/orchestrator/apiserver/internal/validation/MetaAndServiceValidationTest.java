package dev.orchestrator.apiserver.internal.validation;

import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertError;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertValid;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.errors;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.json;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.with;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.ObjectMetaValidation.NameFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetaAndServiceValidationTest {

    static final ObjectNode SERVICE = json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'default',"
            + "'labels':{'app':'web'},'annotations':{'example.com/owner':'team-a'},'finalizers':['example.com/cleanup'],"
            + "'ownerReferences':[{'apiVersion':'apps/v1','kind':'Deployment','name':'web','uid':'1234','controller':true}]},"
            + "'spec':{'type':'NodePort','selector':{'app':'web'},'sessionAffinity':'None','externalTrafficPolicy':'Cluster',"
            + "'ports':[{'name':'http','port':80,'targetPort':8080,'protocol':'TCP','nodePort':30080},"
            + "{'name':'https','port':443,'targetPort':'https','protocol':'TCP'}]}}");

    private static void meta(JsonNode object, FieldErrors errors) {
        ObjectMetaValidation.validate(object.path("metadata"), NameFormat.DNS_SUBDOMAIN, errors);
    }

    @Test
    void typicalServiceAndItsMetadataPass() {
        assertValid(errors(SERVICE, MetaAndServiceValidationTest::meta));
        assertValid(errors(SERVICE, ServiceValidation::validate));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/metadata/name|'Bad_Name'|metadata.name|Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of",
            "/metadata/name|''|metadata.name|Required value: name or generateName is required",
            "/metadata/generateName|'Web-'|metadata.generateName|Invalid value: \"Web-\": a lowercase RFC 1123 subdomain",
            "/metadata/labels/app|'-web'|metadata.labels|Invalid value: \"-web\": a valid label must be an empty string",
            "/metadata/labels/a~1b~1c|'x'|metadata.labels|a qualified name must consist of",
            "/metadata/annotations/bad key|'x'|metadata.annotations|Invalid value: \"bad key\": name part must consist of",
            "/metadata/finalizers/-|'Bad Finalizer'|metadata.finalizers|Invalid value: \"Bad Finalizer\": name part must consist",
            "/metadata/ownerReferences/0/uid|''|metadata.ownerReferences.uid|Invalid value: \"\": must not be empty",
            "/metadata/ownerReferences/0/apiVersion|'apps/'|metadata.ownerReferences.apiVersion|version must not be empty",
            "/metadata/ownerReferences/-|{'apiVersion':'v1','kind':'Pod','name':'p','uid':'9','controller':true}|metadata.ownerReferences|Only one reference can have Controller set to true. Found \"true\" in references for Deployment/web and Pod/p",
            "/metadata/ownerReferences/-|{'apiVersion':'v1','kind':'Event','name':'e','uid':'9'}|metadata.ownerReferences|is disallowed from being an owner",
            "/metadata/generation|-1|metadata.generation|must be greater than or equal to 0"})
    void metadataRules(String pointer, String value, String field, String message) {
        assertError(errors(with(SERVICE, pointer, value), MetaAndServiceValidationTest::meta), field, message);
    }

    @Test
    void generatedNamesMayEndWithADashAndUnqualifiedFinalizersPassInMetadata() {
        ObjectNode generated = with(with(SERVICE, "/metadata/generateName", "'web-'"), "/metadata/finalizers/-", "'cleanup'");
        assertValid(errors(generated, MetaAndServiceValidationTest::meta));
    }

    @Test
    void namesFollowTheFormatOfTheKind() {
        ObjectNode dotted = with(SERVICE, "/metadata/name", "'web.v2'");
        assertValid(errors(dotted, MetaAndServiceValidationTest::meta));
        assertError(errors(dotted, (o, e) -> ObjectMetaValidation.validate(o.path("metadata"), NameFormat.DNS_LABEL, e)),
                "metadata.name", "a lowercase RFC 1123 label must consist");
        assertError(errors(with(SERVICE, "/metadata/name", "'1web'"),
                (o, e) -> ObjectMetaValidation.validate(o.path("metadata"), NameFormat.DNS_1035_LABEL, e)),
                "metadata.name", "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character");
        assertError(errors(with(SERVICE, "/metadata/name", "'" + "a".repeat(254) + "'"), MetaAndServiceValidationTest::meta),
                "metadata.name", "must be no more than 253 characters");
    }

    @Test
    void annotationsMayTakeAtMost256KiB() {
        ObjectNode big = with(SERVICE, "/metadata/annotations/big", "'" + "x".repeat(262144) + "'");
        assertError(errors(big, MetaAndServiceValidationTest::meta), "metadata.annotations",
                "Too long: must have at most 262144 bytes");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/ports/0/port|70000|spec.ports[0].port|Invalid value: 70000: must be between 1 and 65535, inclusive",
            "/spec/ports/0/port|0|spec.ports[0].port|Required value",
            "/spec/ports/0/targetPort|70000|spec.ports[0].targetPort|must be between 1 and 65535, inclusive",
            "/spec/ports/0/targetPort|'Http_Port'|spec.ports[0].targetPort|must contain only alpha-numeric characters",
            "/spec/ports/0/protocol|'ICMP'|spec.ports[0].protocol|Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            "/spec/ports/1/name|'http'|spec.ports[1].name|Duplicate value: \"http\"",
            "/spec/ports/1/name|<remove>|spec.ports[1].name|Required value",
            "/spec/ports/0/name|'HTTP'|spec.ports[0].name|a lowercase RFC 1123 label",
            "/spec/ports/1/port|80|spec.ports[1]|Duplicate value: {\"port\":80,\"protocol\":\"TCP\"}",
            "/spec/ports/1/nodePort|30080|spec.ports[1].nodePort|Duplicate value: 30080",
            "/spec/type|'ClusterIP'|spec.ports[0].nodePort|Forbidden: may not be used when `type` is 'ClusterIP'",
            "/spec/type|'Internal'|spec.type|Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
            "/spec/ports|[]|spec.ports|Required value",
            "/spec/selector/app|'web server'|spec.selector|a valid label must be an empty string",
            "/spec/sessionAffinity|'Cookie'|spec.sessionAffinity|Unsupported value: \"Cookie\": supported values: \"ClientIP\", \"None\"",
            "/spec/externalTrafficPolicy|'Nearest'|spec.externalTrafficPolicy|Unsupported value",
            "/spec/clusterIP|'10.96.0.300'|spec.clusterIP|must be a valid IP address"})
    void serviceRules(String pointer, String value, String field, String message) {
        assertError(errors(with(SERVICE, pointer, value), ServiceValidation::validate), field, message);
    }

    @Test
    void externalNameServicesNeedAValidName() {
        ObjectNode external = json("{'metadata':{'name':'db'},'spec':{'type':'ExternalName','externalName':'db.example.com.',"
                + "'sessionAffinity':'None'}}");
        assertValid(errors(external, ServiceValidation::validate));
        assertError(errors(with(external, "/spec/externalName", "<remove>"), ServiceValidation::validate),
                "spec.externalName", "Required value");
        assertError(errors(with(external, "/spec/externalName", "'db_1.example.com'"), ServiceValidation::validate),
                "spec.externalName", "a lowercase RFC 1123 subdomain");
        assertError(errors(with(external, "/spec/clusterIP", "'10.96.0.10'"), ServiceValidation::validate),
                "spec.clusterIP", "Forbidden: may not be set for ExternalName services");
    }

    @Test
    void headlessServicesNeedNoPorts() {
        ObjectNode headless = json("{'spec':{'type':'ClusterIP','clusterIP':'None','sessionAffinity':'None','ports':[]}}");
        assertValid(errors(headless, ServiceValidation::validate));
    }

    @Test
    void theClusterIpIsImmutableOnceSet() {
        ObjectNode old = with(SERVICE, "/spec/clusterIP", "'10.96.0.10'");
        assertValid(errors(with(old, "/spec/ports/0/port", "81"), (s, e) -> ServiceValidation.validateUpdate(s, old, e)));
        assertError(errors(with(old, "/spec/clusterIP", "'10.96.0.11'"), (s, e) -> ServiceValidation.validateUpdate(s, old, e)),
                "spec.clusterIP", "Invalid value: \"10.96.0.11\": field is immutable");
    }
}
