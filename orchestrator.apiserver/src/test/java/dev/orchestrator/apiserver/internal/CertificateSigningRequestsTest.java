package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.support.x509.CertificateRequest;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CertificateSigningRequests on a real store: who asked, validation, the approval and status subresources. */
class CertificateSigningRequestsTest {

    private static final UserInfo BOOTSTRAPPER = new UserInfo("system:bootstrap:abcdef", "",
            List.of("system:bootstrappers", UserInfo.AUTHENTICATED), Map.of());
    private final AtomicReference<UserInfo> requester = new AtomicReference<>();
    private WritePath path;
    private ResourceType csrs;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath(new ResourceRegistry(() -> Optional.ofNullable(requester.get())));
        csrs = path.type("certificates.k8s.io", "v1", "certificatesigningrequests");
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private static String request(String subject) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return Base64.getEncoder().encodeToString(CertificateRequest.pem(generator.generateKeyPair(),
                new X500Principal(subject)));
    }

    private ObjectNode csr(String name, String request) {
        return json("{'apiVersion':'certificates.k8s.io/v1','kind':'CertificateSigningRequest','metadata':{'name':'"
                + name + "'},'spec':{'request':'" + request + "','signerName':'kubernetes.io/kube-apiserver-client-kubelet',"
                + "'usages':['digital signature','client auth'],'username':'system:admin','groups':['system:masters']},"
                + "'status':{'conditions':[{'type':'Approved','status':'True'}]}}");
    }

    @Test
    void theServerRecordsWhoAskedAndANewRequestIsPending() throws Exception {
        requester.set(BOOTSTRAPPER);
        ObjectNode created = path.writes.create(csrs, null, csr("node-csr-1",
                request("CN=system:node:w1,O=system:nodes")), false);
        assertEquals("system:bootstrap:abcdef", created.path("spec").path("username").asText());
        assertEquals("[\"system:bootstrappers\",\"system:authenticated\"]", created.path("spec").path("groups").toString());
        assertFalse(created.has("status"), "nobody creates a request approved");
        assertEquals("Pending", CertificateSigningRequests.condition(created));
    }

    @Test
    void badRequestsAreRefusedWithKubernetesCauses() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> path.writes.create(csrs, null, json(
                "{'metadata':{'name':'x'},'spec':{'request':'" + Base64.getEncoder().encodeToString("hello".getBytes())
                        + "','usages':['client auth','flying']}}"), false));
        assertEquals("Invalid value: \"<request data>\": PEM block type must be CERTIFICATE REQUEST",
                cause(e, "spec.request").message());
        assertEquals("Required value", cause(e, "spec.signerName").message());
        assertTrue(cause(e, "spec.usages[1]").message().startsWith("Unsupported value: \"flying\": supported values: "),
                cause(e, "spec.usages[1]").message());

        e = assertThrows(ApiException.class, () -> path.writes.create(csrs, null, json(
                "{'metadata':{'name':'y'},'spec':{'signerName':'nodomain','expirationSeconds':60}}"), false));
        assertEquals("Required value", cause(e, "spec.request").message());
        assertEquals("Required value", cause(e, "spec.usages").message());
        cause(e, "spec.signerName");
        cause(e, "spec.expirationSeconds");
    }

    @Test
    void approvalSetsOnlyConditionsAndStatusWritesKeepThem() throws Exception {
        requester.set(BOOTSTRAPPER);
        String request = request("CN=system:node:w1,O=system:nodes");
        path.writes.create(csrs, null, csr("c", request), false);
        requester.set(null);

        ObjectNode approve = json("{'metadata':{'name':'c'},'spec':{'request':'changed'},'status':{'conditions':"
                + "[{'type':'Approved','status':'True','reason':'KubectlApprove'}],'certificate':'Zm9v'}}");
        ObjectNode approved = path.writes.update(csrs, null, "c", "approval", approve, false);
        assertEquals("Approved", CertificateSigningRequests.condition(approved));
        assertEquals(request, approved.path("spec").path("request").asText(), "the approval changes no spec");
        assertFalse(approved.path("status").has("certificate"), "the approval issues nothing");

        ObjectNode deny = json("{'metadata':{'name':'c'},'status':{'conditions':[{'type':'Approved','status':'True'},"
                + "{'type':'Denied','status':'True'}]}}");
        ApiException e = assertThrows(ApiException.class, () -> path.writes.update(csrs, null, "c", "approval", deny, false));
        assertEquals("Invalid value: \"Approved\": Approved and Denied conditions are mutually exclusive",
                cause(e, "status.conditions").message());

        String certificate = Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"
                .getBytes());
        ObjectNode signed = path.writes.update(csrs, null, "c", "status", json(
                "{'metadata':{'name':'c'},'status':{'certificate':'" + certificate + "'}}"), false);
        assertEquals("Approved,Issued", CertificateSigningRequests.condition(signed), "a status write keeps the approval");

        e = assertThrows(ApiException.class, () -> path.writes.update(csrs, null, "c", "status", json(
                "{'metadata':{'name':'c'},'status':{'certificate':'" + Base64.getEncoder().encodeToString(
                        "-----BEGIN CERTIFICATE-----\nAQ==\n-----END CERTIFICATE-----\n".getBytes()) + "'}}"), false));
        assertEquals("Forbidden: updates may not modify existing certificate content",
                cause(e, "status.certificate").message());
    }
}
