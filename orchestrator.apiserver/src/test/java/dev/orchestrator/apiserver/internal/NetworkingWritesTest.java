package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ingresses, IngressClasses and NetworkPolicies through the write path: defaults, the default class, 422s. */
class NetworkingWritesTest {

    private WritePath path;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private ObjectNode create(String plural, String namespace, String body) {
        return path.writes.create(path.type("networking.k8s.io", "v1", plural), namespace, json(body), false);
    }

    private ApiException refused(String plural, String namespace, String body) {
        return assertThrows(ApiException.class, () -> create(plural, namespace, body));
    }

    @Test
    void anIngressWithoutAClassGetsTheDefaultOne() {
        create("ingressclasses", null, "{'metadata':{'name':'nginx','annotations':{'" + NetworkingAdmission.DEFAULT_CLASS_ANNOTATION
                + "':'true'}},'spec':{'controller':'k8s.io/ingress-nginx'}}");
        ObjectNode ingress = create("ingresses", "default", "{'metadata':{'name':'web'},'spec':{'rules':[{'host':"
                + "'shop.example.com','http':{'paths':[{'path':'/','pathType':'Prefix','backend':{'service':{'name':"
                + "'web','port':{'number':80}}}}]}}]}}");
        assertEquals("nginx", ingress.at("/spec/ingressClassName").asText());
        assertEquals("shop.example.com", NetworkingStrategies.ingressHosts(ingress));
    }

    @Test
    void badIngressesAreRefusedWithTheirFields() {
        ApiException e = refused("ingresses", "default", "{'metadata':{'name':'bad'},'spec':{'rules':[{'host':'10.0.0.1',"
                + "'http':{'paths':[{'path':'api','pathType':'Prefix','backend':{'service':{'name':'web','port':{}}}},"
                + "{'path':'/','pathType':'Sometimes','backend':{'service':{'name':'web','port':{'number':70000}}}}]}}]}}");
        assertEquals(422, e.code);
        assertTrue(cause(e, "spec.rules[0].host").message().contains("must be a DNS name, not an IP address"));
        assertTrue(cause(e, "spec.rules[0].http.paths[0].path").message().contains("must be an absolute path"));
        assertEquals("FieldValueRequired", cause(e, "spec.rules[0].http.paths[0].backend.service.port").reason());
        assertEquals("FieldValueNotSupported", cause(e, "spec.rules[0].http.paths[1].pathType").reason());
        assertTrue(cause(e, "spec.rules[0].http.paths[1].backend.service.port.number").message().contains("65535"));
        assertTrue(cause(refused("ingresses", "default", "{'metadata':{'name':'empty'},'spec':{}}"), "spec").message()
                .contains("either `defaultBackend` or `rules` must be specified"));
    }

    @Test
    void aNetworkPolicyGetsKubernetesDefaultsAndBadPeersAreRefused() {
        ObjectNode policy = create("networkpolicies", "default", "{'metadata':{'name':'db'},'spec':{'podSelector':"
                + "{'matchLabels':{'app':'db'}},'ingress':[{'from':[{'podSelector':{'matchLabels':{'app':'web'}}}],"
                + "'ports':[{'port':5432}]}],'egress':[{'to':[{'ipBlock':{'cidr':'10.0.0.0/8'}}]}]}}");
        assertEquals("TCP", policy.at("/spec/ingress/0/ports/0/protocol").asText());
        assertEquals("[\"Ingress\",\"Egress\"]", policy.at("/spec/policyTypes").toString());
        ApiException e = refused("networkpolicies", "default", "{'metadata':{'name':'bad'},'spec':{'podSelector':{},"
                + "'policyTypes':['Sideways'],'ingress':[{'from':[{}],'ports':[{'port':80,'endPort':70}]}],"
                + "'egress':[{'to':[{'ipBlock':{'cidr':'10.0.0.0/33'}}]}]}}");
        assertEquals("FieldValueNotSupported", cause(e, "spec.policyTypes[0]").reason());
        assertEquals("FieldValueRequired", cause(e, "spec.ingress[0].from[0]").reason());
        assertTrue(cause(e, "spec.ingress[0].ports[0].endPort").message().contains("greater than or equal to `port`"));
        assertTrue(cause(e, "spec.egress[0].to[0].ipBlock.cidr").message().contains("valid CIDR"));
    }

    @Test
    void anIngressClassNeedsAControllerThatNeverChanges() {
        assertEquals("FieldValueRequired", cause(refused("ingressclasses", null, "{'metadata':{'name':'x'},'spec':{}}"),
                "spec.controller").reason());
        create("ingressclasses", null, "{'metadata':{'name':'x'},'spec':{'controller':'example.com/x'}}");
        ApiException e = assertThrows(ApiException.class, () -> path.writes.patch(path.type("networking.k8s.io", "v1",
                "ingressclasses"), null, "x", null, "application/merge-patch+json",
                "{\"spec\":{\"controller\":\"example.com/y\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8), false));
        assertTrue(cause(e, "spec.controller").message().endsWith("field is immutable"));
    }
}
