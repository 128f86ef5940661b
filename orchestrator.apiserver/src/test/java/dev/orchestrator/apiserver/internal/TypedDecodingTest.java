package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TypedDecodingTest {

    private static final ResourceRegistry REGISTRY = new ResourceRegistry();
    private static final TypedDecoding TYPED = new TypedDecoding(new Schemas(REGISTRY));

    private static ResourceType type(String group, String plural) {
        return REGISTRY.find(group, "v1", plural).orElseThrow();
    }

    private static ObjectNode json(String text) {
        return Json.parseObject(text.getBytes(StandardCharsets.UTF_8), false);
    }

    private static String refused(String group, String plural, String body) {
        ApiException e = assertThrows(ApiException.class, () -> TYPED.decode(json(body), type(group, plural)));
        assertEquals(400, e.code);
        return e.getMessage();
    }

    @Test
    void validObjectsPassUnchanged() {
        ObjectNode pod = json("{\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
                + "\"image\":\"busybox\",\"ports\":[{\"containerPort\":80}],\"resources\":{\"limits\":{\"cpu\":\"1\"}}}],"
                + "\"terminationGracePeriodSeconds\":30}}");
        ObjectNode copy = pod.deepCopy();
        TYPED.decode(pod, type("", "pods"));
        assertEquals(copy, pod);
    }

    @Test
    void emptyOptionalMapsAreDroppedAsAGoRoundTripDropsThemAndEmptyStructsStay() {
        // kubectl diff and client-side apply send "annotations":{}; Kubernetes stores no such field
        ObjectNode pod = json("{\"metadata\":{\"name\":\"p\",\"annotations\":{},\"labels\":{}},\"spec\":{"
                + "\"nodeSelector\":{},\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",\"resources\":{\"limits\":{}}}],"
                + "\"volumes\":[{\"name\":\"v\",\"emptyDir\":{}}]}}");
        TYPED.decode(pod, type("", "pods"));
        assertEquals(json("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\","
                + "\"resources\":{}}],\"volumes\":[{\"name\":\"v\",\"emptyDir\":{}}]}}"), pod);
        ObjectNode configMap = json("{\"metadata\":{\"name\":\"c\"},\"data\":{},\"binaryData\":{}}");
        TYPED.decode(configMap, type("", "configmaps"));
        assertEquals(json("{\"metadata\":{\"name\":\"c\"}}"), configMap);
        ObjectNode full = json("{\"metadata\":{\"name\":\"c\",\"labels\":{\"a\":\"b\"}},\"data\":{\"k\":\"v\"}}");
        ObjectNode copy = full.deepCopy();
        TYPED.decode(full, type("", "configmaps"));
        assertEquals(copy, full);
    }

    @Test
    void outOfRangeIntegersAreRefusedNamingTheField() {
        assertEquals("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number "
                        + "4294967296 into Go struct field DeploymentSpec.spec.replicas of type int32",
                refused("apps", "deployments", "{\"spec\":{\"replicas\":4294967296}}"));
        assertTrue(refused("", "pods", "{\"spec\":{\"terminationGracePeriodSeconds\":9223372036854775808}}")
                .contains("PodSpec.spec.terminationGracePeriodSeconds of type int64"));
        assertTrue(refused("", "pods", "{\"spec\":{\"containers\":[{\"ports\":[{\"containerPort\":1.5}]}]}}")
                .contains("spec.containers[0].ports[0].containerPort of type int32"));
    }

    @Test
    void wrongJsonTypesAreRefused() {
        assertTrue(refused("", "configmaps", "{\"metadata\":{\"name\":5}}").contains("cannot unmarshal number 5 into Go "
                + "struct field ObjectMeta.metadata.name of type string"));
        assertTrue(refused("", "nodes", "{\"status\":5}").contains("into Go struct field Node.status of type NodeStatus"));
        assertTrue(refused("", "pods", "{\"status\":{\"conditions\":\"x\"}}").contains("cannot unmarshal string into Go "
                + "struct field PodStatus.status.conditions of type []PodCondition"));
        assertTrue(refused("", "configmaps", "{\"metadata\":{\"finalizers\":[1,{}]}}")
                .contains("metadata.finalizers[0] of type string"));
        assertTrue(refused("", "configmaps", "{\"data\":{\"a\":{\"b\":\"c\"}}}")
                .contains("cannot unmarshal object into Go struct field ConfigMap.data.a of type string"));
        assertTrue(refused("", "configmaps", "{\"metadata\":{\"labels\":\"x\"}}")
                .contains("of type map[string]string"));
        assertTrue(refused("", "pods", "{\"spec\":{\"hostNetwork\":\"true\"}}").contains("of type bool"));
        assertTrue(refused("coordination.k8s.io", "leases", "{\"spec\":{\"renewTime\":{\"a\":1}}}")
                .contains("LeaseSpec.spec.renewTime of type string"));
    }

    @Test
    void normalisesLikeATypedRoundTrip() {
        ObjectNode pod = json("{\"metadata\":{\"labels\":{\"a\":null},\"annotations\":null},\"spec\":{\"containers\":[{\"name\":"
                + "\"c\",\"resources\":{\"requests\":{\"cpu\":0.5,\"memory\":1024}}}]}}");
        TYPED.decode(pod, type("", "pods"));
        assertEquals("", pod.at("/metadata/labels/a").asText());
        assertFalse(pod.path("metadata").has("annotations"));
        assertEquals("0.5", pod.at("/spec/containers/0/resources/requests/cpu").textValue());
        assertEquals("1024", pod.at("/spec/containers/0/resources/requests/memory").textValue());
    }

    @Test
    void intOrStringAcceptsBoth() {
        TYPED.decode(json("{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":8080},{\"port\":81,\"targetPort\":\"http\"}]}}"),
                type("", "services"));
        assertTrue(refused("", "services", "{\"spec\":{\"ports\":[{\"targetPort\":true}]}}")
                .contains("of type intstr.IntOrString"));
    }

    @Test
    void yamlStringsStayAsWritten() {
        byte[] yaml = ("metadata:\n  name: y\n  labels:\n    enabled: yes\ndata:\n  mode: 0777\n  on: true\n  n: 12\n"
                + "  f: 1.50\n").getBytes(StandardCharsets.UTF_8);
        ObjectNode cm = Json.parseObject(yaml, true);
        TYPED.decode(cm, type("", "configmaps"), Json.yamlScalars(yaml));
        assertEquals("yes", cm.at("/metadata/labels/enabled").textValue());
        assertEquals("0777", cm.at("/data/mode").textValue());
        assertEquals("true", cm.at("/data/on").textValue());
        assertEquals("12", cm.at("/data/n").textValue());
        assertEquals("1.50", cm.at("/data/f").textValue());
    }

    @Test
    void yamlNumbersStayNumbersWhereDeclared() {
        byte[] yaml = "spec:\n  replicas: 3\n".getBytes(StandardCharsets.UTF_8);
        ObjectNode d = Json.parseObject(yaml, true);
        TYPED.decode(d, type("apps", "deployments"), Json.yamlScalars(yaml));
        assertEquals(3, d.at("/spec/replicas").intValue());
    }

    @Test
    void deepBodiesAreRefusedWhenParsed() {
        String deep = "{\"a\":".repeat(Json.MAX_REQUEST_DEPTH + 5) + "1" + "}".repeat(Json.MAX_REQUEST_DEPTH + 5);
        ApiException e = assertThrows(ApiException.class, () -> json(deep));
        assertEquals(400, e.code);
        assertTrue(e.getMessage().contains("nested deeper than " + Json.MAX_REQUEST_DEPTH), e.getMessage());
    }
}
