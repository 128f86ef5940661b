package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import dev.orchestrator.support.command.CommandRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP has no connection to end: a flow keeps the NAT decision of its first packet for as long as
 * packets keep coming. After a sync this deletes the conntrack entries of flows that were sent to
 * an endpoint that is gone, and of flows to a service port that had no endpoint before (they
 * were never translated and would stay so). Without the {@code conntrack} tool it warns once and
 * does nothing.
 */
final class UdpConntrackCleaner {

    private static final Logger LOG = LoggerFactory.getLogger(UdpConntrackCleaner.class);

    private final IptablesCommands commands;
    private Boolean available;

    UdpConntrackCleaner(IptablesCommands commands) {
        this.commands = commands;
    }

    /** Called by the one sync thread after the kernel accepted the new rules. */
    void afterSync(Map<PortKey, ServicePort> before, Map<PortKey, ServicePort> after) {
        List<String[]> deletions = deletions(before, after);
        if (deletions.isEmpty() || !available()) {
            return;
        }
        for (String[] args : deletions) {
            try {
                // Exit code 1 with "0 flow entries have been deleted" is the common, harmless case.
                CommandRunner.Result result = commands.conntrack(args);
                LOG.debug("conntrack delete args={} exit={}", String.join(" ", args), result.exitCode());
            } catch (IOException e) {
                LOG.warn("conntrack delete failed args={} error={}", String.join(" ", args), e.toString());
            }
        }
    }

    /** The arguments of each {@code conntrack -D} this change needs. */
    static List<String[]> deletions(Map<PortKey, ServicePort> before, Map<PortKey, ServicePort> after) {
        List<String[]> out = new ArrayList<>();
        for (ServicePort old : before.values()) {
            if (old.key().protocol() != Protocol.UDP) {
                continue;
            }
            ServicePort now = after.get(old.key());
            Set<String> gone = ips(old);
            if (now != null) {
                gone.removeAll(ips(now));
            }
            for (String ip : gone) {
                for (String dst : frontAddresses(old)) {
                    out.add(new String[] {"-D", "-p", "udp", "--orig-dst", dst, "--dst-nat", ip});
                }
                if (old.nodePort() > 0) {
                    out.add(new String[] {"-D", "-p", "udp", "--orig-port-dst", Integer.toString(old.nodePort()),
                        "--dst-nat", ip});
                }
            }
        }
        for (ServicePort now : after.values()) {
            ServicePort old = before.get(now.key());
            if (now.key().protocol() != Protocol.UDP || old == null) {
                continue;
            }
            if (old.internal().endpoints().isEmpty() && !now.internal().endpoints().isEmpty()
                    && now.clusterIp() != null && !now.clusterIp().isBlank()) {
                out.add(new String[] {"-D", "-p", "udp", "--orig-dst", now.clusterIp(),
                    "--orig-port-dst", Integer.toString(now.port())});
            }
            if (old.external().endpoints().isEmpty() && !now.external().endpoints().isEmpty() && now.nodePort() > 0) {
                out.add(new String[] {"-D", "-p", "udp", "--orig-port-dst", Integer.toString(now.nodePort())});
            }
        }
        return out;
    }

    private static Set<String> ips(ServicePort sp) {
        Set<String> ips = new LinkedHashSet<>();
        sp.internal().endpoints().stream().map(Endpoint::ip).forEach(ips::add);
        sp.external().endpoints().stream().map(Endpoint::ip).forEach(ips::add);
        return ips;
    }

    private static List<String> frontAddresses(ServicePort sp) {
        List<String> dsts = new ArrayList<>();
        if (sp.clusterIp() != null && !sp.clusterIp().isBlank()) {
            dsts.add(sp.clusterIp());
        }
        dsts.addAll(sp.externalIps());
        return dsts;
    }

    private boolean available() {
        if (available == null) {
            try {
                available = commands.conntrack("--version").ok();
            } catch (IOException e) {
                available = false;
            }
            if (!available) {
                LOG.warn("conntrack tool not found: stale UDP flows to removed endpoints are not flushed "
                        + "(install the conntrack package)");
            }
        }
        return available;
    }
}
