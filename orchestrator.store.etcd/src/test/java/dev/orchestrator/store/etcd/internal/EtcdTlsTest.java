package dev.orchestrator.store.etcd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.store.tck.EtcdServer;
import dev.orchestrator.store.tck.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The etcd store over mutual TLS with the CA, certificate and key files of its configuration. */
class EtcdTlsTest {

    @Test
    void connectsWithClientCertificateAndIsRefusedWithout() throws Exception {
        Path dir = Files.createTempDirectory("orch-etcd-tls");
        try {
            TestCertificates certs = TestCertificates.create(dir);
            try (EtcdServer etcd = EtcdServer.startWithTls(certs)) {
                EtcdStore.Settings d = EtcdStore.Settings.defaults(List.of(etcd.endpoint()));
                try (EtcdStore store = new EtcdStore(new EtcdStore.Settings(d.endpoints(),
                        Optional.of(certs.caCert().toString()), Optional.of(certs.clientCert().toString()),
                        Optional.of(certs.clientKey().toString()), Duration.ofSeconds(10), d.connectTimeout(),
                        d.maxValueBytes(), d.watchBacklog(), d.watchThreads()))) {
                    store.create("/tls/a", "secret".getBytes(StandardCharsets.UTF_8));
                    assertEquals("secret", new String(store.get("/tls/a").orElseThrow().value(), StandardCharsets.UTF_8));
                }
                try (EtcdStore noClientCert = new EtcdStore(new EtcdStore.Settings(d.endpoints(),
                        Optional.of(certs.caCert().toString()), Optional.empty(), Optional.empty(),
                        Duration.ofSeconds(3), Duration.ofSeconds(1), d.maxValueBytes(), d.watchBacklog(),
                        d.watchThreads()))) {
                    StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
                            () -> noClientCert.get("/tls/a"));
                    assertTrue(refused.getMessage().contains(etcd.endpoint()), refused.getMessage());
                }
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
