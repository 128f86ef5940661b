package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Services on a real node: a Deployment of busybox httpd pods behind a ClusterIP and a NodePort Service, reached
 * from the host and from another pod through the service proxy's rules (iptables NAT by default). One cluster
 * for the whole class; the tests build on each other in order.
 */
@ResourceLock(RealNode.HOST)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesE2E {

    private static final int INDEX = 249;
    private static final String NODE = "services-node";
    private static RealNodeCluster real;
    private static String vip;

    @BeforeAll
    static void start() throws Exception {
        real = RealNodeCluster.start(NODE, INDEX);
    }

    @AfterAll
    static void stop() throws Exception {
        if (real != null) {
            real.close();
        }
    }

    @Test
    @Order(1)
    void aClusterIpSpreadsRequestsFromTheHostAndFromAPodOverTheReadyPodsOnly() throws Exception {
        real.create(webDeployment(3));
        real.create(unreadyWebPod());
        real.create(service("web", "ClusterIP"));
        vip = real.jsonpath("service", "web", "{.spec.clusterIP}");
        awaitReadyEndpoints("web", 3);
        Eventually.until("the virtual IP " + vip + " answers", 60, () -> get(vip, 80), a -> !a.startsWith("<"));

        Map<String, Integer> fromHost = requestsFromHost(vip, 80, 300);
        assertEquals(3, fromHost.size(), "every ready pod answers, the unready one never: " + fromHost);
        assertFalse(fromHost.keySet().stream().anyMatch(k -> k.startsWith("unready")), fromHost.toString());
        assertEquals(300, fromHost.values().stream().mapToInt(Integer::intValue).sum(), fromHost.toString());

        real.shPod("client", "Always", "sleep 3600", 1);
        real.awaitPhase("client", "Running");
        Map<String, Integer> fromPod = requestsFromPod("client", vip, 80, 300);
        assertEquals(3, fromPod.size(), "from a pod too: " + fromPod);
        assertEquals(300, fromPod.values().stream().mapToInt(Integer::intValue).sum(), fromPod.toString());
    }

    @Test
    @Order(2)
    void scalingToOneAndBackChangesWhoAnswers() throws Exception {
        real.ok("scale", "deployment/web", "--replicas=1");
        awaitReadyEndpoints("web", 1);
        Eventually.until("only one pod answers", 60, () -> requestsFromHost(vip, 80, 30).size(), n -> n == 1);

        real.ok("scale", "deployment/web", "--replicas=3");
        awaitReadyEndpoints("web", 3);
        Eventually.until("three pods answer again", 60, () -> requestsFromHost(vip, 80, 60).size(), n -> n == 3);
    }

    @Test
    @Order(3)
    void aNodePortAnswersOnTheNodeAddressAndOnLoopback() throws Exception {
        real.create(service("web-np", "NodePort"));
        int nodePort = Integer.parseInt(real.jsonpath("service", "web-np", "{.spec.ports[0].nodePort}"));
        awaitReadyEndpoints("web-np", 3);
        String nodeIp = real.jsonpath("node", NODE, "{.status.addresses[?(@.type==\"InternalIP\")].address}");
        Map<String, Integer> onNode = Eventually.until("node port on " + nodeIp, 60,
                () -> requestsFromHost(nodeIp, nodePort, 60), m -> m.size() == 3);
        assertEquals(60, onNode.values().stream().mapToInt(Integer::intValue).sum());
        Map<String, Integer> onLoopback = requestsFromHost("127.0.0.1", nodePort, 60);
        assertEquals(3, onLoopback.size(), onLoopback.toString());
    }

    @Test
    @Order(4)
    void aServiceWithoutEndpointsRefusesAtOnce() throws Exception {
        real.create("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"nobody"},
                 "spec":{"selector":{"app":"nobody"},"ports":[{"port":80,"targetPort":8080}]}}""");
        String ip = real.jsonpath("service", "nobody", "{.spec.clusterIP}");
        Eventually.until("connection refused by " + ip, 60, () -> refused(ip, 80), r -> r);
    }

    @Test
    @Order(5)
    void podsSeeTheServiceInTheirEnvironment() throws Exception {
        real.shPod("env-reader", "Never", "echo host=$WEB_SERVICE_HOST port=$WEB_SERVICE_PORT_HTTP", 1);
        real.awaitPhase("env-reader", "Succeeded");
        String log = real.ok("logs", "env-reader").out().trim();
        assertEquals("host=" + vip + " port=80", log);
    }

    @Test
    @Order(6)
    void updatingTheProxyBundleDropsNoRequest() throws Exception {
        try (RequestLoop load = RequestLoop.start(vip, 80)) {
            load.awaitSuccesses(20);
            AllInOne.Result upgrade = real.cluster.upgradeBundle("orchestrator.proxy.iptables");
            assertEquals(0, upgrade.exit(), upgrade.out());
            load.awaitSuccesses(load.successes() + 50);
            load.assertNoFailure();
        }
        assertTrue(natChains().contains(":" + real.node.iptablesChainPrefix() + "-SERVICES"), "the updated proxy kept the rules");
    }

    @Test
    @Order(7)
    void swappingIptablesForNftablesAndBackDropsNoRequestAndLeavesOnlyTheActiveRules() throws Exception {
        Path etc = real.cluster.dir().resolve("etc");
        try (RequestLoop load = RequestLoop.start(vip, 80, ServicesE2E::dataPlaneState)) {
            load.awaitSuccesses(20);
            load.mark("nftables switched on");
            Files.writeString(etc.resolve(NFT_CFG), nftablesConfig());
            Eventually.until("the nftables proxy programs " + vip, 60, ServicesE2E::nftTable, t -> t.contains(vip));
            load.mark("nftables programmed; iptables switched off");
            Files.delete(etc.resolve(IPT_CFG));
            Eventually.until("the iptables proxy removes its chains", 60, ServicesE2E::natChains,
                    c -> !c.contains(":" + real.node.iptablesChainPrefix() + "-"));
            load.mark("iptables rules gone");
            load.awaitSuccesses(load.successes() + 50);

            load.mark("iptables switched on");
            Files.writeString(etc.resolve(IPT_CFG), iptablesConfig());
            Eventually.until("the iptables proxy programs " + vip, 60, ServicesE2E::natChains,
                    c -> c.contains(":" + real.node.iptablesChainPrefix() + "-SERVICES"));
            load.mark("iptables programmed; nftables switched off");
            Files.delete(etc.resolve(NFT_CFG));
            Eventually.until("the nftables proxy removes its table", 60, ServicesE2E::nftTable, String::isEmpty);
            load.mark("nftables table gone");
            load.awaitSuccesses(load.successes() + 50);
            load.assertNoFailure();
        }
    }

    @Test
    @Order(8)
    void badServicesAreRefusedWithTheFieldNamed() throws Exception {
        String taken = real.jsonpath("service", "web-np", "{.spec.ports[0].nodePort}");
        Map<String, String[]> cases = Map.of(
                "duplicate port", new String[] {"\"ports\":[{\"port\":80},{\"port\":80}]",
                    "spec.ports[1]", "Duplicate value"},
                "node port taken", new String[] {"\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":"
                    + taken + "}]", "spec.ports[0].nodePort", "provided port is already allocated"},
                "node port out of range", new String[] {"\"type\":\"NodePort\",\"ports\":[{\"port\":80,"
                    + "\"nodePort\":80}]", "spec.ports[0].nodePort", "provided port is not in the valid range"},
                "cluster IP out of range", new String[] {"\"clusterIP\":\"10.0.0.5\",\"ports\":[{\"port\":80}]",
                    "spec.clusterIP", "provided IP is not in the valid range"});
        for (var c : cases.entrySet()) {
            AllInOne.Result r = real.cluster.kubectlWithInput("""
                    {"apiVersion":"v1","kind":"Service","metadata":{"name":"bad"},"spec":{%s}}""".formatted(
                    c.getValue()[0]), "create", "-f", "-");
            assertTrue(r.exit() != 0 && r.err().contains("is invalid") && r.err().contains(c.getValue()[1])
                    && r.err().contains(c.getValue()[2]), c.getKey() + ": " + r.out() + r.err());
        }
        assertTrue(real.cluster.kubectl("get", "service", "bad").exit() != 0, "nothing was created");
    }

    private static final String IPT_CFG = RealNode.IPTABLES_PROXY_CFG;
    private static final String NFT_CFG = RealNode.NFTABLES_PROXY_CFG;

    private static String iptablesConfig() {
        return real.node.iptablesProxyConfig();
    }

    private static String nftablesConfig() {
        return real.node.nftablesProxyConfig();
    }

    private static String natChains() throws Exception {
        return HostCommand.run("iptables-save", "-t", "nat");
    }

    /** Both proxies' rules as the kernel holds them now, for a failure report. */
    private static String dataPlaneState() {
        try {
            return "iptables nat:\n" + natChains() + "nftables:\n" + nftTable()
                    + "conntrack to " + vip + ":\n" + HostCommand.run("conntrack", "-L", "-p", "tcp", "--orig-dst", vip)
                    + "neighbours:\n" + HostCommand.run("ip", "neigh", "show");
        } catch (Exception e) {
            return "state unreadable: " + e;
        }
    }

    /** The nftables proxy's table, or "" when there is none. */
    private static String nftTable() throws Exception {
        try {
            return HostCommand.run("nft", "list", "table", "ip", real.node.nftablesTable());
        } catch (IOException e) {
            return "";
        }
    }

    private static void awaitReadyEndpoints(String service, int count) throws Exception {
        Eventually.until(count + " ready endpoints of " + service, 120, () -> real.cluster.kubectl("get",
                        "endpointslices", "-l", "kubernetes.io/service-name=" + service, "-o",
                        "jsonpath={.items[*].endpoints[?(@.conditions.ready==true)].addresses[0]}").out().trim(),
                out -> !out.isEmpty() && out.split("\\s+").length == count);
    }

    /**
     * Who answered how often, one new connection per request (busybox httpd serves one request a connection);
     * a failed request counts as {@code <error: ...>}.
     */
    static Map<String, Integer> requestsFromHost(String ip, int port, int requests) {
        Map<String, Integer> answers = new TreeMap<>();
        for (int i = 0; i < requests; i++) {
            answers.merge(get(ip, port), 1, Integer::sum);
        }
        return answers;
    }

    static String get(String ip, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            return body < 0 ? "<no body: " + response + ">" : response.substring(body + 4).trim();
        } catch (IOException e) {
            return "<error: " + e + ">";
        }
    }

    private static boolean refused(String ip, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), 3_000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, Integer> requestsFromPod(String pod, String ip, int port, int requests)
            throws Exception {
        String out = real.ok("exec", pod, "--", "sh", "-c", getLoop(ip, port, requests)).out();
        Map<String, Integer> answers = new HashMap<>();
        out.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(l -> answers.merge(l, 1, Integer::sum));
        assertFalse(answers.containsKey("FAILED"), "requests failed from " + pod + ": " + answers);
        return answers;
    }

    /**
     * A shell loop for a busybox pod: {@code requests} HTTP GETs of {@code ip:port}, each printing the body's last
     * line or FAILED (nc rather than wget: the static busybox's wget crashes in these images).
     */
    static String getLoop(String ip, int port, int requests) {
        return "i=0; while [ $i -lt " + requests + " ]; do r=$(printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 "
                + ip + " " + port + " | tail -n 1); [ -n \"$r\" ] && echo \"$r\" || echo FAILED; i=$((i+1)); done";
    }

    private String webDeployment(int replicas) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"terminationGracePeriodSeconds":1,"containers":[{"name":"httpd","image":"%s",
                    "command":["sh","-c","hostname > /www/index.html; exec httpd -f -p 8080 -h /www"],
                    "ports":[{"name":"http","containerPort":8080}],
                    "readinessProbe":{"tcpSocket":{"port":8080},"periodSeconds":1}}]}}}}
                """.formatted(replicas, real.busybox);
    }

    private String unreadyWebPod() {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"unready-web","labels":{"app":"web"}},
                 "spec":{"terminationGracePeriodSeconds":1,"containers":[{"name":"httpd","image":"%s",
                  "command":["sh","-c","echo unready > /www/index.html; exec httpd -f -p 8080 -h /www"],
                  "ports":[{"name":"http","containerPort":8080}],
                  "readinessProbe":{"exec":{"command":["cat","/never"]},"periodSeconds":1}}]}}
                """.formatted(real.busybox);
    }

    private static String service(String name, String type) {
        return """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s"},
                 "spec":{"type":"%s","selector":{"app":"web"},
                  "ports":[{"name":"http","port":80,"targetPort":"http"}]}}""".formatted(name, type);
    }
}
