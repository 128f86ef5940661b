package dev.orchestrator.support.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SelfSignedServingCertificateTest {

    @Test
    void namesItsAddressesAndServesOnly() throws Exception {
        SelfSignedServingCertificate.Issued issued = SelfSignedServingCertificate.create("node-1",
                List.of("10.244.0.1", "127.0.0.1"), List.of("node-1"), Duration.ofDays(365));
        X509Certificate certificate = issued.certificate();

        certificate.verify(issued.key().getPublic());
        certificate.checkValidity();
        assertTrue(certificate.getSubjectX500Principal().getName().startsWith("CN=node-1@"));
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        Set<String> names = certificate.getSubjectAlternativeNames().stream().map(n -> n.get(0) + "=" + n.get(1))
                .collect(Collectors.toSet());
        assertEquals(Set.of("2=node-1", "7=10.244.0.1", "7=127.0.0.1"), names);
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), certificate.getExtendedKeyUsage());
        assertEquals(-1, certificate.getBasicConstraints());
        assertTrue(certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(364))));
    }

    @Test
    void refusesANameThatIsNoAddress() {
        assertThrows(IllegalArgumentException.class, () -> SelfSignedServingCertificate.create("n",
                List.of("not an address"), List.of(), Duration.ofDays(1)));
    }
}
