package dev.orchestrator.controllers.internal.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.support.x509.CertificateRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** What the approver and the signer take for a kubelet's client request, and what they leave to a person. */
class KubeletClientRequestsTest {

    private static CertificateSigningRequest csr(String subject, List<String> usages) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        String request = Base64.getEncoder().encodeToString(CertificateRequest.pem(generator.generateKeyPair(),
                new X500Principal(subject)));
        return new CertificateSigningRequestBuilder().withNewMetadata().withName("c").endMetadata()
                .withNewSpec().withRequest(request).withSignerName(KubeletClientRequests.SIGNER).withUsages(usages)
                .endSpec().build();
    }

    private static Optional<String> problem(String subject, List<String> usages) throws Exception {
        CertificateSigningRequest csr = csr(subject, usages);
        return KubeletClientRequests.problem(csr, KubeletClientRequests.request(csr).orElseThrow());
    }

    @Test
    void aNodeSubjectWithClientUsagesIsAKubeletClientRequest() throws Exception {
        assertEquals(Optional.empty(), problem("CN=system:node:w1, O=system:nodes", List.of("digital signature", "client auth")));
        assertEquals(Optional.empty(), problem("CN=system:node:w1, O=system:nodes",
                List.of("key encipherment", "digital signature", "client auth")));
    }

    @Test
    void otherSubjectsOrUsagesAreLeftToAPerson() throws Exception {
        assertTrue(problem("CN=system:node:w1, O=system:masters", List.of("digital signature", "client auth"))
                .orElseThrow().contains("organization"));
        assertTrue(problem("CN=system:node:w1, O=system:nodes, O=system:masters", List.of("digital signature", "client auth"))
                .orElseThrow().contains("organization"));
        assertTrue(problem("CN=alice, O=system:nodes", List.of("digital signature", "client auth"))
                .orElseThrow().contains("common name"));
        assertTrue(problem("CN=system:node:w1, O=system:nodes", List.of("digital signature", "server auth"))
                .orElseThrow().contains("usages"));
        CertificateSigningRequest garbage = new CertificateSigningRequestBuilder().withNewSpec()
                .withRequest(Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.US_ASCII))).endSpec().build();
        assertEquals(Optional.empty(), KubeletClientRequests.request(garbage));
    }
}
