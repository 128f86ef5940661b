package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.AllInOne.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The all-in-one as {@code ./orch up} starts it by default: HTTPS, client certificates and bearer tokens, 401 for
 * requests that prove no user, the control plane on its own certificate. One cluster for the class.
 */
class SecurityE2E {

    private static final String BOB_TOKEN = "b0b-" + Long.toHexString(System.nanoTime());
    private static AllInOne cluster;

    @BeforeAll
    static void start() throws Exception {
        // pods of nodes that do not exist are collected at once (the node controllers' test)
        cluster = AllInOne.startSecured(Map.of("orchestrator.controllers.podgc.cfg", "quarantineSeconds=1\n"),
                "# token,user,uid,groups\n" + BOB_TOKEN + ",bob,bob-uid,\"ops,dev\"\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kubectlWorksOverHttpsWithTheAdminCertificate() throws Exception {
        assertTrue(cluster.url().startsWith("https://"));
        ok(cluster.kubectl("create", "configmap", "tls-check", "--from-literal=a=b"));
        assertEquals("b", cluster.jsonpath("configmap", "tls-check", "{.data.a}"));
        String whoami = ok(cluster.kubectl("auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")).out();
        assertTrue(whoami.startsWith("kubernetes-admin "), whoami);
        assertTrue(whoami.contains("system:masters") && whoami.contains("system:authenticated"), whoami);
        try (var client = cluster.fabric8Client()) {
            assertEquals("b", client.configMaps().withName("tls-check").get().getData().get("a"));
        }
    }

    @Test
    void theControlPlaneAuthenticatesWithItsOwnCertificate() throws Exception {
        double[] before = componentRequests();
        ok(cluster.kubectl("create", "deployment", "tls-deploy", "--image=registry.invalid/x:1", "--replicas=2"));
        Eventually.until("the deployment's pods (the controllers authenticated by their certificates)", 60,
                () -> cluster.kubectl("get", "pods", "-l", "app=tls-deploy", "-o", "name").out().lines().count(), n -> n == 2);
        assertTrue(cluster.log().contains("user=system:orchestrator:control-plane"), "the in-process client names its user");
        // they reached the API server in memory, presenting their certificates there as over TLS
        double[] after = componentRequests();
        assertTrue(after[0] > before[0], "requests in memory: " + before[0] + " then " + after[0]);
        assertEquals(before[1], after[1], "requests over the network");
    }

    /** The components' requests to the API server of their own process: in memory, over the network. */
    private static double[] componentRequests() throws Exception {
        String metrics = ok(cluster.kubectl("get", "--raw", "/metrics")).out();
        double[] counts = new double[2];
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("orchestrator_api_client_requests_total{transport=\"in-process\"}")) {
                counts[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("orchestrator_api_client_requests_total{transport=\"network\"}")) {
                counts[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return counts;
    }

    @Test
    void controllersActAsTheirOwnServiceAccountsHeldToTheirRoles() throws Exception {
        ok(cluster.kubectl("create", "namespace", "own-accounts"));
        ok(cluster.kubectl("create", "deployment", "web", "-n", "own-accounts", "--image=registry.invalid/x:1",
                "--replicas=2"));
        String replicaSets = "system:serviceaccount:kube-system:replicaset-controller";
        String deployments = "system:serviceaccount:kube-system:deployment-controller";
        List<com.fasterxml.jackson.databind.JsonNode> events = Eventually.until(
                "the deployment's ReplicaSet and pods created (audit log)", 60, SecurityE2E::auditEvents,
                all -> creators(all, "pods", "own-accounts").size() == 2
                        && creators(all, "replicasets", "own-accounts").size() == 1);
        assertEquals(List.of(replicaSets, replicaSets), creators(events, "pods", "own-accounts"));
        assertEquals(List.of(deployments), creators(events, "replicasets", "own-accounts"));
        // the controller manager made the accounts, which may do what their roles grant and no more
        ok(cluster.kubectl("get", "serviceaccount", "-n", "kube-system", "replicaset-controller", "deployment-controller"));
        assertEquals("yes", cluster.kubectl("auth", "can-i", "create", "pods", "--as=" + replicaSets).out().trim());
        assertEquals("no", cluster.kubectl("auth", "can-i", "create", "secrets", "--as=" + replicaSets).out().trim());
        assertEquals("no", cluster.kubectl("auth", "can-i", "create", "pods", "--as=" + deployments).out().trim());
        assertEquals("no", cluster.kubectl("auth", "can-i", "create", "pods",
                "--as=system:kube-controller-manager").out().trim());
        // the namespace controller and the garbage collector, on their accounts, empty and remove the namespace
        ok(cluster.kubectl("delete", "namespace", "own-accounts", "--wait=false"));
        Eventually.until("the namespace emptied and gone", 90,
                () -> cluster.kubectl("get", "namespace", "own-accounts").err(), err -> err.contains("NotFound"));
    }

    @Test
    void theNodeControllersWorkOnTheirAccounts() throws Exception {
        // node IPAM (node-controller) hands a registered node its pod range
        Path node = cluster.dir().resolve("ghost-node.json");
        Files.writeString(node, "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"ghost-node\"}}");
        ok(cluster.kubectl("create", "-f", node.toString()));
        Eventually.until("ghost-node's pod range", 60, () -> cluster.jsonpath("node", "ghost-node", "{.spec.podCIDR}"),
                cidr -> cidr.matches("10\\.244\\.\\d+\\.0/24"));
        ok(cluster.kubectl("delete", "node", "ghost-node"));
        // the pod GC (pod-garbage-collector) marks and deletes a pod bound to a node that does not exist
        Path pod = cluster.dir().resolve("orphan-pod.json");
        Files.writeString(pod, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"orphan\"},"
                + "\"spec\":{\"nodeName\":\"no-such-node\",\"containers\":[{\"name\":\"c\",\"image\":\"registry.invalid/x:1\"}]}}");
        ok(cluster.kubectl("create", "-f", pod.toString()));
        Eventually.until("the pod of a node that does not exist collected", 60,
                () -> cluster.kubectl("get", "pod", "orphan").err(), err -> err.contains("NotFound"));
        // the audit log gathers its lines for a few milliseconds before writing them
        List<String> deleters = Eventually.until("the orphan's deletion in the audit log", 30,
                () -> auditEvents().stream().filter(e -> e.path("verb").asText().equals("delete")
                        && e.path("objectRef").path("name").asText().equals("orphan"))
                        .map(e -> e.path("user").path("username").asText()).toList(), users -> !users.isEmpty());
        assertEquals(List.of("system:serviceaccount:kube-system:pod-garbage-collector"), deleters);
    }

    /** Who created objects of {@code resource} in {@code namespace}, in the audit log's order. */
    private static List<String> creators(List<com.fasterxml.jackson.databind.JsonNode> events, String resource,
                                         String namespace) {
        return events.stream().filter(e -> e.path("verb").asText().equals("create")
                        && e.path("objectRef").path("resource").asText().equals(resource)
                        && e.path("objectRef").path("namespace").asText().equals(namespace)
                        && e.path("objectRef").path("subresource").isMissingNode()
                        && e.path("responseStatus").path("code").asInt() == 201)
                .map(e -> e.path("user").path("username").asText()).toList();
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> auditEvents() throws java.io.IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        return Files.readAllLines(cluster.dir().resolve("logs/audit.log")).stream().map(line -> {
            try {
                return json.readTree(line);
            } catch (java.io.IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
    }

    @Test
    void noCredentialsGet401ExceptHealthAndVersion() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().sslContext(cluster.trustingClusterCa()).build();
        for (String path : new String[] {"/api/v1/namespaces/default/pods", "/api", "/apis", "/openapi/v3", "/metrics",
                "/orchestrator/v1/bundles", "/orchestrator/v1/backup"}) {
            HttpResponse<String> r = anonymous.send(HttpRequest.newBuilder(URI.create(cluster.url() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), path + ": " + r.body());
            assertTrue(r.body().contains("\"reason\":\"Unauthorized\"") && r.body().contains("\"kind\":\"Status\""), r.body());
        }
        for (String path : new String[] {"/readyz", "/livez", "/healthz", "/version", "/readyz?verbose"}) {
            HttpResponse<String> r = anonymous.send(HttpRequest.newBuilder(URI.create(cluster.url() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), path + ": " + r.body());
        }
        // (kubectl without any credentials asks for a user name on its terminal instead of sending a request)
    }

    @Test
    void plainHttpIsNotServed() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        String url = cluster.url().replace("https://", "http://") + "/api/v1/namespaces";
        try {
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertNotEquals(200, r.statusCode(), "plain HTTP answered: " + r.body());
        } catch (java.io.IOException refused) {
            // the TLS listener closed the plain connection
        }
    }

    @Test
    void bearerTokensOfTheTokenFile() throws Exception {
        String whoami = ok(cluster.kubectl("--kubeconfig=" + kubeconfigWith(null, null), "--token=" + BOB_TOKEN, "auth", "whoami",
                "-o", "jsonpath={.status.userInfo.username}|{.status.userInfo.uid}|{.status.userInfo.groups}")).out();
        assertEquals("bob|bob-uid|[\"ops\",\"dev\",\"system:authenticated\"]", whoami);
        AllInOne.Result wrong = cluster.kubectl("--kubeconfig=" + kubeconfigWith(null, null), "--token=not-" + BOB_TOKEN,
                "get", "pods");
        assertNotEquals(0, wrong.exit());
        assertTrue(wrong.err().contains("Unauthorized") || wrong.err().contains("must be logged in"), wrong.err());
        // a wrong token is refused even where no credentials are needed, as Kubernetes does
        HttpClient client = HttpClient.newBuilder().sslContext(cluster.trustingClusterCa()).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(cluster.url() + "/readyz"))
                .header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
    }

    @Test
    void serviceAccountTokensLiveAsLongAsWhatTheyAreBoundTo() throws Exception {
        Path caOnly = kubeconfigWith(null, null);
        ok(cluster.kubectl("create", "serviceaccount", "bot"));
        String token = ok(cluster.kubectl("create", "token", "bot")).out().trim();
        String whoami = ok(cluster.kubectl("--kubeconfig=" + caOnly, "--token=" + token, "auth", "whoami", "-o",
                "jsonpath={.status.userInfo.username}|{.status.userInfo.groups}")).out();
        assertEquals("system:serviceaccount:default:bot|[\"system:serviceaccounts\",\"system:serviceaccounts:default\","
                + "\"system:authenticated\"]", whoami);
        ok(cluster.kubectl("run", "token-holder", "--image=registry.invalid/x:1"));
        String bound = ok(cluster.kubectl("create", "token", "bot", "--bound-object-kind=Pod",
                "--bound-object-name=token-holder")).out().trim();
        assertTrue(ok(cluster.kubectl("--kubeconfig=" + caOnly, "--token=" + bound, "auth", "whoami", "-o",
                "jsonpath={.status.userInfo.extra}")).out().contains("token-holder"));
        ok(cluster.kubectl("delete", "pod", "token-holder", "--grace-period=0", "--force"));
        Eventually.until("the pod-bound token refused once the pod is gone", 30, () -> cluster.kubectl("--kubeconfig=" + caOnly,
                "--token=" + bound, "get", "configmaps").err(), err -> err.contains("Unauthorized"));
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertTrue(cluster.kubectl("--kubeconfig=" + caOnly, "--token=" + tampered, "get", "configmaps").err()
                .contains("Unauthorized"), "a token with a bad signature");
        ok(cluster.kubectl("delete", "serviceaccount", "bot"));
        Eventually.until("the token refused once its ServiceAccount is gone", 30, () -> cluster.kubectl("--kubeconfig=" + caOnly,
                "--token=" + token, "get", "configmaps").err(), err -> err.contains("Unauthorized"));
        AllInOne.Result tooShort = cluster.kubectl("create", "token", "default", "--duration=5m");
        assertNotEquals(0, tooShort.exit());
        assertTrue(tooShort.err().contains("spec.expirationSeconds: Invalid value: 300: may not specify a duration less than "
                + "10 minutes"), tooShort.err());
        AllInOne.Result noAccount = cluster.kubectl("create", "token", "nobody");
        assertTrue(noAccount.err().contains("serviceaccounts \"nobody\" not found"), noAccount.err());
    }

    @Test
    void theAuditLogKeepsWritesAndNeverWhatSecretsHold() throws Exception {
        String value = "audited-" + Long.toHexString(System.nanoTime());
        ok(cluster.kubectl("create", "serviceaccount", "audited"));
        ok(cluster.kubectl("create", "secret", "generic", "audited", "--from-literal=k=" + value));
        ok(cluster.kubectl("label", "serviceaccount", "audited", "checked=yes"));
        Path log = cluster.dir().resolve("logs/audit.log");
        java.util.List<com.fasterxml.jackson.databind.JsonNode> events = Eventually.until("the label patch in the audit log",
                30, SecurityE2E::auditEvents, all -> all.stream().anyMatch(e -> e.path("verb").asText().equals("patch")
                        && e.path("objectRef").path("name").asText().equals("audited")));
        com.fasterxml.jackson.databind.JsonNode patch = events.stream().filter(e -> e.path("verb").asText().equals("patch")
                && e.path("objectRef").path("name").asText().equals("audited")).findFirst().orElseThrow();
        assertEquals("Request", patch.path("level").asText());
        assertEquals("ResponseComplete", patch.path("stage").asText());
        assertEquals("kubernetes-admin", patch.path("user").path("username").asText());
        assertEquals(200, patch.path("responseStatus").path("code").asInt());
        assertEquals("yes", patch.path("requestObject").path("metadata").path("labels").path("checked").asText(), patch.toString());
        com.fasterxml.jackson.databind.JsonNode secret = events.stream().filter(e -> e.path("objectRef").path("resource")
                .asText().equals("secrets") && e.path("verb").asText().equals("create")).findFirst().orElseThrow();
        assertEquals("Metadata", secret.path("level").asText());
        assertEquals(201, secret.path("responseStatus").path("code").asInt());
        String written = Files.readString(log);
        assertTrue(!written.contains(value) && !written.contains(Base64.getEncoder().encodeToString(value.getBytes())),
                "a Secret's value in the audit log");
        assertTrue(events.stream().noneMatch(e -> e.path("requestURI").asText().startsWith("/readyz")), "health checks are not kept");
    }

    @Test
    void userCertificatesFromOrchKubeconfig() throws Exception {
        AllInOne.Result made = AllInOne.orch("kubeconfig", "--data-dir", cluster.dir().toString(), "--user", "alice",
                "--group", "dev", "--group", "qa");
        ok(made);
        Path alice = cluster.dir().resolve("alice.kubeconfig");
        Files.writeString(alice, made.out().substring(made.out().indexOf("apiVersion:")));
        String whoami = ok(cluster.kubectl("--kubeconfig=" + alice, "auth", "whoami", "-o",
                "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")).out();
        assertEquals("alice [\"dev\",\"qa\",\"system:authenticated\"]", whoami);
        AllInOne.Result bundles = AllInOne.orchWith(Map.of("KUBECONFIG", alice.toString()), "bundles", "--server", cluster.url());
        assertNotEquals(0, bundles.exit());
        assertTrue(bundles.out().contains("User \"alice\" cannot use the bundle endpoint"), bundles.out());
        AllInOne.Result asAdmin = AllInOne.orchWith(Map.of("KUBECONFIG", cluster.kubeconfig().toString()), "bundles",
                "--server", cluster.url());
        ok(asAdmin);
        assertTrue(asAdmin.out().contains("orchestrator.apiserver"), asAdmin.out());
    }

    @Test
    void certificatesOfAnotherCaOrExpiredGet401() throws Exception {
        Path pki = cluster.dir().resolve("pki");
        X509Certificate ca = readCertificate(pki.resolve("ca.crt"));
        PrivateKey caKey = readKey(pki.resolve("ca.key"));
        Instant now = Instant.now();
        KeyPair expiredPair = rsa();
        X509Certificate expired = sign(ca, caKey, "mallory", expiredPair, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        assertUnauthorized(kubeconfigWith(expired, expiredPair.getPrivate()), "expired");
        KeyPair strangerPair = rsa();
        KeyPair otherCa = rsa();
        X509Certificate selfMadeCa = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=orchestrator-ca"), BigInteger.TWO, Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)),
                new X500Name("CN=orchestrator-ca"), otherCa.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA")
                .build(otherCa.getPrivate())));
        X509Certificate stranger = sign(selfMadeCa, otherCa.getPrivate(), "kubernetes-admin", strangerPair,
                now.minusSeconds(60), now.plusSeconds(3600));
        assertUnauthorized(kubeconfigWith(stranger, strangerPair.getPrivate()), "signed by another CA of the same name");
    }

    private void assertUnauthorized(Path kubeconfig, String what) throws Exception {
        AllInOne.Result r = cluster.kubectl("--kubeconfig=" + kubeconfig, "get", "configmaps");
        assertNotEquals(0, r.exit(), what + ": " + r.out());
        assertTrue(r.err().contains("Unauthorized") || r.err().contains("must be logged in"), what + ": " + r.err());
    }

    /** A kubeconfig of the cluster (its CA) with this client certificate, or none. */
    private static Path kubeconfigWith(X509Certificate certificate, PrivateKey key) throws Exception {
        String user = certificate == null ? "{}" : "{client-certificate-data: %s, client-key-data: %s}".formatted(
                b64(pem(certificate)), b64(pem(new JcaPKCS8Generator(key, null).generate())));
        Path file = Files.createTempFile(cluster.dir(), "kubeconfig", ".yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: %s, certificate-authority-data: %s}
                contexts:
                - name: c
                  context: {cluster: c, user: u, namespace: default}
                current-context: c
                users:
                - name: u
                  user: %s
                """.formatted(cluster.url(), b64(Files.readString(cluster.dir().resolve("pki/ca.crt"))), user));
        return file;
    }

    private static X509Certificate sign(X509Certificate issuer, PrivateKey issuerKey, String user, KeyPair pair, Instant from,
                                        Instant until) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(until), new X500Name("CN=" + user),
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate readCertificate(Path file) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    private static PrivateKey readKey(Path file) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
    }

    private static String pem(Object object) throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
