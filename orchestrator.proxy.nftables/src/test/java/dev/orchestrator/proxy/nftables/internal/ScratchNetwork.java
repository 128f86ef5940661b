package dev.orchestrator.proxy.nftables.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces made for one test class: a "node" ({@code orchtest-nft-<pid>}) with a
 * node address, and a "pods" namespace behind a veth pair whose addresses are the
 * endpoints, each with a busybox httpd that answers its own name. The node routes the service
 * range to the pods side, as a real node routes it to its bridge, so that traffic nothing
 * translates would go unanswered rather than be refused. Everything is removed on close: the
 * servers stopped by PID, both namespaces deleted.
 */
final class ScratchNetwork implements AutoCloseable {

    static final String NODE_IP = "192.168.77.1";
    static final String GATEWAY_IP = "10.244.1.1";
    static final List<String> ENDPOINT_IPS = List.of("10.244.1.10", "10.244.1.11", "10.244.1.12");
    static final int HTTP_PORT = 8080;

    final String node;
    final String pods;
    private final Path www;
    private final List<Process> servers = new ArrayList<>();

    private ScratchNetwork(String name) throws IOException {
        this.node = name;
        this.pods = name + "-pods";
        this.www = Files.createTempDirectory("orchtest-nft-www-");
    }

    static boolean usable() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/nft"))
                && Files.isExecutable(Path.of("/bin/busybox")) && Files.isExecutable(Path.of("/usr/bin/curl"));
    }

    static ScratchNetwork create() throws IOException, InterruptedException {
        ScratchNetwork net = new ScratchNetwork("orchtest-nft-" + ProcessHandle.current().pid());
        try {
            net.setUp();
            return net;
        } catch (IOException | InterruptedException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    private void setUp() throws IOException, InterruptedException {
        must("ip", "netns", "add", node);
        must("ip", "netns", "add", pods);
        inNode("ip", "link", "set", "lo", "up");
        inPods("ip", "link", "set", "lo", "up");
        // the kernel here has no dummy links: the node address sits on the veth towards the pods
        inNode("ip", "link", "add", "veth-node", "type", "veth", "peer", "name", "veth-pods", "netns", pods);
        inNode("ip", "addr", "add", GATEWAY_IP + "/24", "dev", "veth-node");
        inNode("ip", "addr", "add", NODE_IP + "/32", "dev", "veth-node");
        inNode("ip", "link", "set", "veth-node", "up");
        inNode("ip", "route", "add", "10.96.0.0/16", "dev", "veth-node");
        // node ports on 127.0.0.1 lead to pods only with route_localnet (the node sets it on its bridge)
        inNode("sysctl", "-q", "-w", "net.ipv4.conf.all.route_localnet=1");
        // a pod reaching itself through its service (hairpin) is routed back out by the node
        inNode("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        for (String ip : ENDPOINT_IPS) {
            inPods("ip", "addr", "add", ip + "/24", "dev", "veth-pods");
        }
        inPods("ip", "link", "set", "veth-pods", "up");
        inPods("ip", "route", "add", "default", "via", GATEWAY_IP);
        for (String ip : ENDPOINT_IPS) {
            Path dir = Files.createDirectories(www.resolve(ip));
            Files.writeString(dir.resolve("index.html"), ip + "\n");
            servers.add(new ProcessBuilder("ip", "netns", "exec", pods, "/bin/busybox", "httpd", "-f", "-p",
                    ip + ":" + HTTP_PORT, "-h", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (String ip : ENDPOINT_IPS) {
            while (!curl(node, ip + ":" + HTTP_PORT).output().equals(ip)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("httpd on " + ip + " did not answer");
                }
                Thread.sleep(50);
            }
        }
    }

    /** The prefix that makes the proxy program the node namespace. */
    List<String> nodePrefix() {
        return List.of("ip", "netns", "exec", node);
    }

    /** GET http://{@code target}/ from namespace {@code ns}: exit code 0 and the endpoint's name, or curl's error. */
    CommandRunner.Outcome curl(String ns, String target, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns, "curl", "-sS", "-m", "5"));
        command.addAll(List.of(options));
        command.add("http://" + target + "/");
        return run(command);
    }

    CommandRunner.Outcome inNode(String... command) throws IOException {
        return must(prefixed(node, command));
    }

    CommandRunner.Outcome inPods(String... command) throws IOException {
        return must(prefixed(pods, command));
    }

    /** Runs a command in the node namespace, whatever its exit code. */
    CommandRunner.Outcome tryInNode(String... command) throws IOException {
        return run(prefixed(node, command));
    }

    private static List<String> prefixed(String ns, String... command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(command));
        return all;
    }

    private static CommandRunner.Outcome must(String... command) throws IOException {
        return must(List.of(command));
    }

    private static CommandRunner.Outcome must(List<String> command) throws IOException {
        CommandRunner.Outcome outcome = run(command);
        if (outcome.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + outcome.output());
        }
        return outcome;
    }

    static CommandRunner.Outcome run(List<String> command) throws IOException {
        return new CommandRunner(List.of(), java.time.Duration.ofSeconds(20)).run(command, null);
    }

    @Override
    public void close() {
        for (Process server : servers) {
            server.destroy();
            try {
                if (!server.waitFor(5, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : List.of(pods, node)) {
            try {
                run(List.of("ip", "netns", "delete", ns));
            } catch (IOException e) {
                System.err.println("could not delete netns " + ns + ": " + e);
            }
        }
        try (var files = Files.walk(www)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + www + ": " + e);
        }
    }

}
