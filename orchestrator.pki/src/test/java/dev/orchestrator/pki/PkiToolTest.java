package dev.orchestrator.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiToolTest {

    @TempDir
    Path dir;

    private void init(String... extra) throws Exception {
        String[] base = {"init", "--dir", dir.resolve("pki").toString(), "--server", "https://127.0.0.1:6443",
                "--kubeconfig", dir.resolve("kubeconfig").toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        PkiTool.init(Arguments.parse(args));
    }

    @Test
    void makesCaServingAndAdminCertificatesWithPrivateModes() throws Exception {
        init("--host", "node-a", "--ip", "10.1.2.3");
        Path pki = dir.resolve("pki");
        X509Certificate ca = PemFiles.readCertificate(pki.resolve("ca.crt"));
        X509Certificate serving = PemFiles.readCertificate(pki.resolve("apiserver.crt"));
        serving.verify(ca.getPublicKey());
        List<String> names = serving.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertTrue(names.containsAll(List.of("node-a", "kubernetes.default.svc", "127.0.0.1", "10.1.2.3", "10.96.0.1")), names.toString());
        X509Certificate admin = PemFiles.readCertificate(pki.resolve("admin.crt"));
        assertEquals("CN=kubernetes-admin,O=system:masters", admin.getSubjectX500Principal().getName());
        assertTrue(admin.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "client auth usage");
        for (String secret : List.of("pki/ca.key", "pki/apiserver.key", "pki/admin.key", "kubeconfig", "pki/control-plane.kubeconfig")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret))), secret);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki)));
        String kubeconfig = Files.readString(dir.resolve("kubeconfig"));
        assertTrue(kubeconfig.contains("server: https://127.0.0.1:6443") && kubeconfig.contains("client-key-data: "));
    }

    @Test
    void keepsWhatStillServesAndReissuesForNewNames() throws Exception {
        init();
        Path pki = dir.resolve("pki");
        String ca = Files.readString(pki.resolve("ca.crt"));
        String serving = Files.readString(pki.resolve("apiserver.crt"));
        String admin = Files.readString(pki.resolve("admin.crt"));
        init();
        assertEquals(ca, Files.readString(pki.resolve("ca.crt")));
        assertEquals(serving, Files.readString(pki.resolve("apiserver.crt")));
        assertEquals(admin, Files.readString(pki.resolve("admin.crt")));
        init("--ip", "10.9.9.9");
        assertEquals(ca, Files.readString(pki.resolve("ca.crt")));
        assertNotEquals(serving, Files.readString(pki.resolve("apiserver.crt")), "a new address needs a new serving certificate");
    }

    @Test
    void refusesHalfACa() throws Exception {
        init();
        Files.delete(dir.resolve("pki/ca.key"));
        Exception e = assertThrows(java.io.IOException.class, this::init);
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
    }

    @Test
    void userCertificatesCarryNameAndGroups() throws Exception {
        init();
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("pki"), "orchestrator-ca");
        X509Certificate alice = ca.issue(CertificateProfile.client("alice", List.of("dev", "ops"), Duration.ofDays(1))).certificate();
        assertEquals("CN=alice,O=ops,O=dev", alice.getSubjectX500Principal().getName());
        assertTrue(ca.signed(alice));
        assertFalse(CertificateAuthority.loadOrCreate(dir.resolve("other"), "x").signed(alice));
    }
}
