package dev.orchestrator.kubelet.internal.stats;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;

/**
 * The node's network counters from {@code /proc/net/dev} of the kubelet's own (the host's) namespace: every
 * interface cAdvisor counts, and as the default one the interface that holds the node's address (the pod
 * bridge of a test node, the uplink of a machine). Kubernetes names {@code eth0} there; a node whose address
 * is elsewhere would show nothing under that name.
 */
public final class NodeNetwork {

    private final Path proc;
    private final String nodeIp;
    private final Function<String, String> interfaceOf;

    /** @param proc where {@code /proc} is; the node's address is looked up among the machine's interfaces */
    public NodeNetwork(Path proc, String nodeIp) {
        this(proc, nodeIp, NodeNetwork::interfaceHolding);
    }

    /** @param interfaceOf the name of the interface that holds an address, "" when none does */
    NodeNetwork(Path proc, String nodeIp, Function<String, String> interfaceOf) {
        this.proc = proc;
        this.nodeIp = nodeIp;
        this.interfaceOf = interfaceOf;
    }

    public NetworkUsage read(Instant now) throws IOException {
        String name = interfaceOf.apply(nodeIp);
        return new NetworkUsage(now, name.isEmpty() || !NetDev.counted(name) ? PodNetworks.POD_INTERFACE : name,
                NetDev.read(proc.resolve("net").resolve("dev"), NetDev::counted));
    }

    /** The interface holding an address literal; "" for none, and for names (never a DNS query from here). */
    static String interfaceHolding(String address) {
        boolean literal = address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || address.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
        if (!literal) {
            return "";
        }
        try {
            NetworkInterface nic = NetworkInterface.getByInetAddress(InetAddress.getByName(address));
            return nic == null ? "" : nic.getName();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
