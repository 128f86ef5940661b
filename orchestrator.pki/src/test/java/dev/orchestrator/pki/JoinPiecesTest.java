package dev.orchestrator.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinPiecesTest {

    @TempDir
    Path dir;

    @Test
    void theCaHashIsTheSha256OfItsPublicKeyInfoAsKubeadmPinsIt() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "test-ca");
        String pin = CaPin.of(ca.certificate());
        assertTrue(pin.matches("sha256:[0-9a-f]{64}"), pin);
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            PkiTool.run("ca-hash", "--dir", dir.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(pin, out.toString().strip());
    }

    @Test
    void ttlsAndTokensAreCheckedBeforeAnythingIsSent() {
        assertEquals(Duration.ofHours(24), BootstrapTokenCommands.ttl("24h"));
        assertEquals(Duration.ofMinutes(30), BootstrapTokenCommands.ttl("30m"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapTokenCommands.ttl("0h"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapTokenCommands.ttl("tomorrow"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PkiTool.run("join",
                "--server", "https://127.0.0.1:1", "--token", "garbage", "--node-name", "w", "--out", dir.resolve("k").toString()));
        assertTrue(e.getMessage().startsWith("--token must be a bootstrap token"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PkiTool.run("join", "--server", "https://127.0.0.1:1",
                "--token", "abcdef.0123456789abcdef", "--node-name", "w", "--out", dir.resolve("k").toString()));
        assertTrue(e.getMessage().contains("--discovery-token-ca-cert-hash"), e.getMessage());
    }

    @Test
    void theRequestNamesTheNodeInSystemNodes() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String pem = JoinCommand.requestPem(generator.generateKeyPair(), "worker-1");
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE REQUEST-----"), pem);
    }
}
