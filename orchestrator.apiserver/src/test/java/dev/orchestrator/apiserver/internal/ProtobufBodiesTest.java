package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Scheduling;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {

    /** The {@code k8s\0} envelope kubectl sends around a typed message. */
    private static byte[] envelope(String apiVersion, String kind, ByteString raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {'k', '8', 's', 0});
        Runtime.Unknown.newBuilder().setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw).build().writeTo(out);
        return out.toByteArray();
    }

    @Test
    void kubectlCreatePdbIsDecoded() throws Exception {
        V1Policy.PodDisruptionBudget pdb = V1Policy.PodDisruptionBudget.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web"))
                .setSpec(V1Policy.PodDisruptionBudgetSpec.newBuilder()
                        .setMinAvailable(IntStr.IntOrString.newBuilder().setType(1).setStrVal("50%"))
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web")))
                .build();
        ObjectNode json = ProtobufBodies.decode(envelope("policy/v1", "PodDisruptionBudget", pdb.toByteString()));
        assertEquals("policy/v1", json.path("apiVersion").asText());
        assertEquals("PodDisruptionBudget", json.path("kind").asText());
        assertEquals("web", json.path("metadata").path("name").asText());
        assertEquals("50%", json.path("spec").path("minAvailable").asText());
        assertEquals("web", json.path("spec").path("selector").path("matchLabels").path("app").asText());
    }

    @Test
    void kubectlCreatePriorityClassIsDecoded() throws Exception {
        V1Scheduling.PriorityClass pc = V1Scheduling.PriorityClass.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("high")).setValue(1000).setGlobalDefault(false)
                .setDescription("urgent work").setPreemptionPolicy("Never").build();
        ObjectNode json = ProtobufBodies.decode(envelope("scheduling.k8s.io/v1", "PriorityClass", pc.toByteString()));
        assertEquals("high", json.path("metadata").path("name").asText());
        assertEquals(1000, json.path("value").asInt());
        assertEquals("Never", json.path("preemptionPolicy").asText());
        assertEquals("urgent work", json.path("description").asText());
    }

    @Test
    void kubectlCreateIngressIsDecodedWithTheRuleValueInline() throws Exception {
        V1Networking.Ingress ingress = V1Networking.Ingress.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("shop"))
                .setSpec(V1Networking.IngressSpec.newBuilder().addRules(V1Networking.IngressRule.newBuilder()
                        .setHost("shop.example.com")
                        .setIngressRuleValue(V1Networking.IngressRuleValue.newBuilder().setHttp(
                                V1Networking.HTTPIngressRuleValue.newBuilder().addPaths(V1Networking.HTTPIngressPath
                                        .newBuilder().setPath("/").setPathType("Prefix")
                                        .setBackend(V1Networking.IngressBackend.newBuilder().setService(
                                                V1Networking.IngressServiceBackend.newBuilder().setName("web")
                                                        .setPort(V1Networking.ServiceBackendPort.newBuilder()
                                                                .setNumber(80)))))))))
                .build();
        ObjectNode json = ProtobufBodies.decode(envelope("networking.k8s.io/v1", "Ingress", ingress.toByteString()));
        ObjectNode rule = (ObjectNode) json.path("spec").path("rules").get(0);
        assertEquals("shop.example.com", rule.path("host").asText());
        assertEquals("web", rule.path("http").path("paths").get(0).path("backend").path("service").path("name").asText());
        assertEquals(80, rule.at("/http/paths/0/backend/service/port/number").asInt());
        assertEquals(false, rule.has("ingressRuleValue"));
    }

    @Test
    void anUnservedGroupIsA415NamingIt() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> ProtobufBodies.decode(envelope("example.com/v1", "Thing",
                ByteString.EMPTY)));
        assertEquals(415, e.code);
    }
}
