package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Pods use the API as in-cluster clients do, on a real node of an all-in-one secured as {@code ./orch up} runs
 * it: the ServiceAccount admission mounts a bound token, the cluster's CA (the {@code kube-root-ca.crt}
 * ConfigMap) and the namespace at {@code /var/run/secrets/kubernetes.io/serviceaccount}; the API server serves on
 * the node's bridge address and publishes it as the {@code kubernetes} Service's endpoint, so a pod reaches
 * {@code $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT} through the service proxy; RBAC limits the token to
 * its RoleBinding; deleting the pod revokes it. The client in the pod is kubectl (static, mounted from the host):
 * busybox's wget speaks a TLS the JDK's server does not accept.
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ServiceAccountE2E {

    private static final String NODE = "sa-node";
    private static final int INDEX = 238;
    private static final String NS = "sa-e2e";
    private static final String CREDENTIALS = "/var/run/secrets/kubernetes.io/serviceaccount";
    private RealNodeCluster real;
    private AllInOne cluster;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        real = RealNodeCluster.startSecured(NODE, INDEX);
        cluster = real.cluster;
        ok(cluster.kubectl("create", "namespace", NS));
        ok(cluster.kubectl("-n", NS, "create", "serviceaccount", "reader"));
        ok(cluster.kubectl("-n", NS, "create", "role", "pod-reader", "--verb=get,list", "--resource=pods"));
        ok(cluster.kubectl("-n", NS, "create", "rolebinding", "reader", "--role=pod-reader",
                "--serviceaccount=" + NS + ":reader"));
    }

    @AfterAll
    void stop() throws Exception {
        if (real != null) {
            real.close();
        }
    }

    @Test
    void aPodReadsTheApiWithItsMountedTokenWithinItsRoleBinding() throws Exception {
        String ca = Files.readString(cluster.dir().resolve("pki/ca.crt"));
        Eventually.until("kube-root-ca.crt in " + NS, 60, () -> cluster.kubectl("-n", NS, "get", "configmap",
                "kube-root-ca.crt", "-o", "jsonpath={.data.ca\\.crt}").out().trim(), ca.trim()::equals);
        Eventually.until("the kubernetes Service's endpoint at the node's address", 60, () -> cluster.kubectl(
                "get", "endpointslice", "kubernetes", "-o", "jsonpath={.endpoints[*].addresses[*]}").out(),
                real.node.nodeIp()::equals);

        // the host's kubectl (a static binary) as the in-cluster client: it finds the API by KUBERNETES_SERVICE_HOST
        // and PORT, verifies it with the mounted ca.crt and authenticates with the mounted token
        String script = String.join("\n",
                "D=" + CREDENTIALS,
                "call() { if kubectl \"$@\" -o name >/tmp/out 2>&1; then echo ok; else echo \"refused $(cat /tmp/out)\"; fi; }",
                "echo \"namespace=$(cat $D/namespace)\"",
                "echo \"own=$(call get pods)\"",
                "grep -qx pod/reader /tmp/out && echo listed=yes",
                "echo \"other=$(call get pods -n default)\"",
                "echo \"secrets=$(call get secrets)\"",
                "echo \"token=$(cat $D/token)\"",
                "echo done",
                "exec sleep 3600");
        real.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"reader","namespace":"%s"},
                 "spec":{"serviceAccountName":"reader","terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c",%s],
                    "env":[{"name":"HOME","value":"/tmp"}],
                    "volumeMounts":[{"name":"kubectl","mountPath":"/usr/local/bin/kubectl","readOnly":true}]}],
                  "volumes":[{"name":"kubectl","hostPath":{"path":"%s","type":"File"}}]}}
                """.formatted(NS, real.busybox, RealNodeCluster.quote(script), hostKubectl()));
        String volume = cluster.kubectl("-n", NS, "get", "pod", "reader", "-o",
                "jsonpath={.spec.containers[0].volumeMounts[?(@.mountPath==\"" + CREDENTIALS + "\")].name}").out();
        assertTrue(volume.startsWith("kube-api-access-"), "the admission mounted the API credentials: " + volume);
        String sources = cluster.kubectl("-n", NS, "get", "pod", "reader", "-o",
                "jsonpath={.spec.volumes[?(@.name==\"" + volume + "\")].projected.sources}").out();
        assertTrue(sources.contains("serviceAccountToken") && sources.contains("kube-root-ca.crt")
                && sources.contains("metadata.namespace"), "token, CA and namespace: " + sources);

        String log = Eventually.until("the pod's API calls", 90,
                () -> cluster.kubectl("-n", NS, "logs", "reader").out(), l -> l.contains("done"));
        assertTrue(log.contains("namespace=" + NS), log);
        assertTrue(log.contains("own=ok"), "the RoleBinding lets it list its namespace's pods: " + log);
        assertTrue(log.contains("listed=yes"), "it sees itself: " + log);
        assertTrue(line(log, "other").startsWith("other=refused Error from server (Forbidden): pods is forbidden: User "
                + "\"system:serviceaccount:" + NS + ":reader\" cannot list resource \"pods\" in API group \"\" in the "
                + "namespace \"default\""), "no right in another namespace: " + log);
        assertTrue(line(log, "secrets").startsWith("secrets=refused Error from server (Forbidden)"),
                "no right beyond its Role: " + log);

        // what an in-cluster client does, verifying the server with the mounted CA: from the host, at the cluster IP
        String token = line(log, "token").substring("token=".length());
        HttpClient verifying = HttpClient.newBuilder().sslContext(AllInOne.trusting(ca))
                .connectTimeout(Duration.ofSeconds(10)).build();
        String clusterIp = cluster.kubectl("get", "service", "kubernetes", "-o", "jsonpath={.spec.clusterIP}").out();
        HttpResponse<String> listed = verifying.send(get("https://" + clusterIp + "/api/v1/namespaces/" + NS + "/pods",
                token), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, listed.statusCode(), listed.body());

        ok(cluster.kubectl("-n", NS, "delete", "pod", "reader", "--wait=false"));
        HttpClient direct = HttpClient.newBuilder().sslContext(cluster.trustingClusterCa())
                .connectTimeout(Duration.ofSeconds(10)).build();
        Eventually.until("the pod-bound token revoked with its pod", 60, () -> direct.send(get(cluster.url()
                + "/api/v1/namespaces/" + NS + "/pods", token), HttpResponse.BodyHandlers.ofString()).statusCode(),
                code -> code == 401);
    }

    @Test
    void aPodThatOptsOutGetsNoCredentialsAndAMissingServiceAccountIsRefused() throws Exception {
        AllInOne.Result optedOut = ok(cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"no-token","namespace":"%s"},
                 "spec":{"automountServiceAccountToken":false,
                  "containers":[{"name":"main","image":"%s"}]}}
                """.formatted(NS, real.busybox), "create", "--dry-run=server", "-o", "json", "-f", "-"));
        assertFalse(optedOut.out().contains("kube-api-access-"), optedOut.out());
        assertTrue(optedOut.out().contains("\"serviceAccountName\": \"default\""), optedOut.out());

        AllInOne.Result missing = cluster.kubectlWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"lost","namespace":"%s"},
                 "spec":{"serviceAccountName":"nobody","containers":[{"name":"main","image":"%s"}]}}
                """.formatted(NS, real.busybox), "create", "-f", "-");
        assertEquals(1, missing.exit(), missing.all());
        assertTrue(missing.err().contains("error looking up service account " + NS + "/nobody: serviceaccount "
                + "\"nobody\" not found"), missing.err());
    }

    /**
     * The kubelet's endpoint (10250) on a secured cluster: HTTPS, callers checked through the API server. The API
     * server itself gets in with its kubelet client certificate (exec, logs, node metrics work through it); nobody
     * else without credentials; a token or certificate only as far as RBAC allows on {@code nodes/<subresource>}.
     */
    @Test
    void theKubeletEndpointServesOnlyCallersTheApiAllows() throws Exception {
        real.shPod("kubelet-target", "Always", "echo started; exec sleep 3600", 1);
        real.awaitPhase("kubelet-target", "Running");
        AllInOne.Result exec = ok(cluster.kubectl("exec", "kubelet-target", "--", "sh", "-c", "echo in-$((6*7))"));
        assertEquals("in-42", exec.out().trim(), "exec through the API server and the kubelet over TLS");
        Eventually.until("the pod's log through the kubelet", 60, () -> cluster.kubectl("logs", "kubelet-target").out(),
                l -> l.contains("started"));
        Eventually.until("node metrics read from the kubelet's summary", 90, () -> cluster.kubectl("get", "--raw",
                "/apis/metrics.k8s.io/v1beta1/nodes/" + NODE).out(), m -> m.contains("\"usage\""));

        String kubelet = "https://" + real.node.nodeIp() + ":10250";
        assertEquals("401 Unauthorized", kubeletCall(kubelet + "/healthz"), "no credentials");
        assertEquals("401 Unauthorized", kubeletCall(kubelet + "/stats/summary", "-H",
                "Authorization: Bearer not-a-token"), "a token the API server does not know");

        ok(cluster.kubectl("-n", NS, "create", "serviceaccount", "node-stats"));
        String noRights = ok(cluster.kubectl("-n", NS, "create", "token", "node-stats")).out().trim();
        assertEquals("403 Forbidden (user=system:serviceaccount:" + NS + ":node-stats, verb=get, resource=nodes, "
                + "subresource=stats)", kubeletCall(kubelet + "/stats/summary", "-H", "Authorization: Bearer " + noRights),
                "a known caller without a binding");

        ok(cluster.kubectl("create", "clusterrole", "node-stats-reader", "--verb=get", "--resource=nodes/stats"));
        ok(cluster.kubectl("create", "clusterrolebinding", "node-stats-reader", "--clusterrole=node-stats-reader",
                "--serviceaccount=" + NS + ":node-stats"));
        String reader = ok(cluster.kubectl("-n", NS, "create", "token", "node-stats", "--duration=10m")).out().trim();
        Eventually.until("the binding lets the token read the node's stats", 60, () -> kubeletCall(kubelet
                + "/stats/summary", "-H", "Authorization: Bearer " + reader), r -> r.startsWith("200 ") && r.contains(NODE));
        assertEquals("403 Forbidden (user=system:serviceaccount:" + NS + ":node-stats, verb=create, resource=nodes, "
                + "subresource=proxy)", kubeletCall(kubelet + "/exec/default/kubelet-target/main?command=id&output=1",
                "-X", "POST", "-H", "Authorization: Bearer " + reader), "stats only, no exec");

        java.nio.file.Path pki = cluster.dir().resolve("pki");
        assertEquals("200 ok", kubeletCall(kubelet + "/healthz", "--cert", pki.resolve("admin.crt").toString(),
                "--key", pki.resolve("admin.key").toString()), "the admin's certificate (system:masters)");
    }

    /**
     * {@code <code> <body>} of a call to the kubelet with curl; its serving certificate signs itself (as a
     * kubelet's does), so it is not verified here.
     */
    private static String kubeletCall(String url, String... options) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("curl", "-sk", "--max-time", "20",
                "-w", "\n%{http_code}"));
        command.addAll(java.util.List.of(options));
        command.add(url);
        String out = HostCommand.run(command);
        int last = out.lastIndexOf('\n');
        return out.substring(last + 1).trim() + " " + out.substring(0, last).trim();
    }

    /** The kubectl on this host's PATH, its real file. */
    private static String hostKubectl() throws Exception {
        for (String dir : System.getenv("PATH").split(":")) {
            java.nio.file.Path candidate = java.nio.file.Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toRealPath().toString();
            }
        }
        throw new IllegalStateException("no kubectl on PATH");
    }

    private static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).build();
    }

    /** The log line that starts with {@code key=}. */
    private static String line(String log, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=.*$").matcher(log);
        assertTrue(m.find(), "no " + key + " line in " + log);
        return m.group();
    }
}
