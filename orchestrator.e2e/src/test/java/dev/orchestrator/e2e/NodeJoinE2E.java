package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.pki.PkiTool;
import dev.orchestrator.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A node's TLS bootstrap with a bootstrap token, as {@code ./orch token create} and {@code ./orch join --token} do
 * it: a secured all-in-one (node A, bridge orch243, the API also on the bridge's address), a token made by {@code ./orch token create}, the join (CA
 * checked against the printed hash, a CSR approved and signed by the control plane, the node's own kubeconfig) and
 * a worker (node B, orch244) joining over node A's bridge address and running with that kubeconfig only: its Node Ready, a pod on it Running, and its
 * credentials limited by the node authorizer. Expired, unknown and tampered inputs fail the join clearly.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NodeJoinE2E {

    private static final String NODE_A = "join-a";
    private static final String NODE_B = "join-b";
    private static final Pattern JOIN_LINE = Pattern.compile(
            "--token ([a-z0-9]{6}\\.[a-z0-9]{16}) --discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})");
    private Path work;
    private RealNode nodeA;
    private RealNode nodeB;
    private AllInOne cluster;
    private Worker worker;
    private String token;
    private String caHash;
    private Path nodeKubeconfig;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        work = Files.createTempDirectory("orch-join-e2e");
        nodeA = RealNode.start(work.resolve("a"), 243);
        nodeB = RealNode.startSharingRegistry(work.resolve("b"), 244, nodeA);
        // as ./orch up: the API served and advertised on node A's bridge address too, the address workers join
        cluster = AllInOne.startSecured(nodeA.kubeletConfig(NODE_A), null,
                List.of("-Dorchestrator.api.advertiseAddress=" + nodeA.nodeIp()));
        cluster.awaitNodeReady(NODE_A);
    }

    @AfterAll
    void stop() throws Exception {
        try (AutoCloseable dir = this::deleteWork; AutoCloseable a = nodeA; AutoCloseable b = nodeB;
                AutoCloseable c = cluster; AutoCloseable w = worker) {
            // closed in reverse order: the worker, the all-in-one, node B, node A (and its registry), the files
        }
    }

    private void deleteWork() throws IOException {
        if (work != null) {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The server a worker joins: node A's bridge address (a project-made bridge, not loopback). */
    private String server() {
        return "https://" + nodeA.nodeIp() + ":" + cluster.port();
    }

    @Test
    @Order(1)
    void orchTokenCreatePrintsATokenAndTheJoinLineWithTheCaHash() throws Exception {
        AllInOne.Result made = ok(AllInOne.orch("token", "create", "--ttl", "1h", "--data-dir", cluster.dir().toString(),
                "--server", server()));
        Matcher m = JOIN_LINE.matcher(made.out());
        assertTrue(m.find(), made.out());
        token = m.group(1);
        caHash = m.group(2);
        String id = token.substring(0, 6);
        assertEquals("bootstrap.kubernetes.io/token", ok(cluster.kubectl("get", "secret", "bootstrap-token-" + id,
                "-n", "kube-system", "-o", "jsonpath={.type}")).out().trim());
        String listed = ok(AllInOne.orch("token", "list", "--data-dir", cluster.dir().toString(), "--server", server())).out();
        assertTrue(listed.contains(id) && listed.contains("authentication"), listed);
    }

    @Test
    @Order(2)
    void aTamperedCaHashIsRefusedBeforeTheTokenIsSent() throws Exception {
        int before = csrCount();
        String tampered = caHash.substring(0, caHash.length() - 1) + (caHash.endsWith("0") ? "1" : "0");
        IOException e = assertThrows(IOException.class, () -> join(token, tampered, "tampered"));
        assertTrue(e.getMessage().contains("offers no CA with the public key hash") && e.getMessage().contains(
                "refusing to send it the token"), e.getMessage());
        assertEquals(before, csrCount(), "nothing was asked with the token");
        assertFalse(Files.exists(work.resolve("tampered.kubeconfig")));
    }

    @Test
    @Order(3)
    void anExpiredOrUnknownTokenFailsTheJoinWithAClearMessage() throws Exception {
        String id = "old" + (System.nanoTime() % 900 + 100);
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Secret","type":"bootstrap.kubernetes.io/token",
                 "metadata":{"name":"bootstrap-token-%s","namespace":"kube-system"},
                 "stringData":{"token-id":"%s","token-secret":"0123456789abcdef","expiration":"%s",
                  "usage-bootstrap-authentication":"true"}}""".formatted(id, id,
                Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS)), "create", "-f", "-"));
        for (String refused : List.of(id + ".0123456789abcdef", "zzzzzz.0123456789abcdef")) {
            IOException e = assertThrows(IOException.class, () -> join(refused, caHash, "refused"));
            assertTrue(e.getMessage().contains("refused the bootstrap token (401 Unauthorized)")
                    && e.getMessage().contains("./orch token create"), e.getMessage());
        }
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class, () -> join("garbage", caHash, "g"));
        assertTrue(garbage.getMessage().startsWith("--token must be a bootstrap token"), garbage.getMessage());
    }

    @Test
    @Order(4)
    void aNodeJoinsWithTheTokenOverTlsAndRunsPodsWithItsOwnCertificate() throws Exception {
        assertFalse(server().contains("//127."), "joins over the bridge address, not loopback: " + server());
        nodeKubeconfig = join(token, caHash, NODE_B);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeKubeconfig)));
        String csrs = ok(cluster.kubectl("get", "csr")).out();
        assertTrue(csrs.lines().anyMatch(l -> l.contains("system:bootstrap:" + token.substring(0, 6))
                && l.contains("kubernetes.io/kube-apiserver-client-kubelet") && l.contains("Approved,Issued")), csrs);
        String whoami = ok(cluster.kubectl("--kubeconfig=" + nodeKubeconfig, "auth", "whoami", "-o",
                "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")).out();
        assertTrue(whoami.startsWith("system:node:" + NODE_B + " ") && whoami.contains("system:nodes"), whoami);

        Map<String, String> etc = new LinkedHashMap<>(nodeB.kubeletConfig(NODE_B));
        worker = Worker.start(work.resolve("worker"), server(), etc,
                List.of("-Dorchestrator.client.kubeconfig=" + nodeKubeconfig));
        try {
            Eventually.until("node " + NODE_B + " Ready", 90, () -> cluster.jsonpath("node", NODE_B,
                    "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
        } catch (AssertionError e) {
            String log = worker.log();
            throw new AssertionError(e.getMessage() + "\nthe worker's log ends:\n"
                    + log.substring(Math.max(0, log.length() - 6000)), e);
        }
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"on-joined"},
                 "spec":{"nodeSelector":{"kubernetes.io/hostname":"%s"},"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sleep","3600"]}]}}"""
                .formatted(NODE_B, nodeA.registry() + "/busybox:1"), "create", "-f", "-"));
        Eventually.until("pod on-joined Running on " + NODE_B, 90, () -> cluster.jsonpath("pod", "on-joined",
                "{.status.phase}"), "Running"::equals);
        assertEquals(NODE_B, cluster.jsonpath("pod", "on-joined", "{.spec.nodeName}"));
        // exec reaches the joined kubelet over TLS; it checks the API server's certificate through the API with its
        // node credentials (a SubjectAccessReview)
        assertEquals("joined", ok(cluster.kubectl("exec", "on-joined", "--", "echo", "joined")).out().trim());

        // the node's credentials are a node's: a Secret that none of its pods uses is not theirs to read
        ok(cluster.kubectl("create", "secret", "generic", "not-for-nodes", "--from-literal=k=v"));
        AllInOne.Result read = cluster.kubectl("--kubeconfig=" + nodeKubeconfig, "get", "secret", "not-for-nodes");
        assertTrue(read.exit() != 0 && read.err().contains("Forbidden"), read.out() + read.err());
        AllInOne.Result secrets = cluster.kubectl("--kubeconfig=" + nodeKubeconfig, "get", "secrets", "-n", "kube-system");
        assertTrue(secrets.exit() != 0 && secrets.err().contains("Forbidden"), secrets.out() + secrets.err());
    }

    /** orchestrator_controller_reconciles_total of the CSR approver, all results together. */
    private long approverReconciles() throws Exception {
        long sum = 0;
        for (String line : ok(cluster.kubectl("get", "--raw", "/metrics")).out().split("\n")) {
            if (line.startsWith("orchestrator_controller_reconciles_total{controller=\"csrapproving\"")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The approver's reconciles once nothing is queued or in progress for it; -1 while it is busy. */
    private long approverIdleSinceAlice() throws Exception {
        String metrics = ok(cluster.kubectl("get", "--raw", "/metrics")).out();
        boolean idle = metrics.contains("orchestrator_controller_queue_depth{controller=\"csrapproving\"} 0")
                && metrics.contains("orchestrator_controller_reconciles_in_progress{controller=\"csrapproving\"} 0");
        return idle ? approverReconciles() : -1;
    }

    @Test
    @Order(5)
    void kubectlCertificateDenyAndGetCsrWorkOnARequestLeftToAPerson() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String request = java.util.Base64.getEncoder().encodeToString(dev.orchestrator.support.x509.CertificateRequest.pem(
                generator.generateKeyPair(), new javax.security.auth.x500.X500Principal("CN=alice, O=dev")));
        long looked = approverReconciles();
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"alice"},
                 "spec":{"request":"%s","signerName":"kubernetes.io/kube-apiserver-client-kubelet",
                  "usages":["digital signature","client auth"]}}""".formatted(request), "create", "-f", "-"));
        // the approver had its chance (it reconciled since, and its queue is empty): not a node's request, so pending
        Eventually.until("the CSR approver looked at csr alice", 60, this::approverIdleSinceAlice,
                n -> n > looked);
        assertTrue(ok(cluster.kubectl("get", "csr", "alice")).out().contains("Pending"));
        ok(cluster.kubectl("certificate", "deny", "alice"));
        Eventually.until("csr alice Denied", 30, () -> ok(cluster.kubectl("get", "csr", "alice")).out(),
                o -> o.contains("Denied"));
        AllInOne.Result bad = cluster.kubectlWithInput("""
                {"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"bad"},
                 "spec":{"request":"aGVsbG8=","usages":["client auth"]}}""", "create", "-f", "-");
        assertTrue(bad.exit() != 0 && bad.err().contains("spec.signerName: Required value")
                && bad.err().contains("PEM block type must be CERTIFICATE REQUEST"), bad.err());
    }

    /** The Java part of {@code ./orch join --token}: the node's kubeconfig in the work directory. */
    private Path join(String bootstrapToken, String hash, String node) throws Exception {
        Path out = work.resolve(node + ".kubeconfig");
        PkiTool.run("join", "--server", server(), "--token", bootstrapToken, "--discovery-token-ca-cert-hash", hash,
                "--node-name", node, "--out", out.toString(), "--timeout-seconds", "60");
        return out;
    }

    private int csrCount() throws Exception {
        return ok(cluster.kubectl("get", "csr", "-o", "name")).out().strip().lines().filter(l -> !l.isBlank())
                .toList().size();
    }

    private static AllInOne.Result ok(AllInOne.Result r) {
        return AllInOne.ok(r);
    }
}
