package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the conntrack entries of UDP flows whose endpoint went away. UDP has no connection to
 * end: without this, a client that keeps sending (a DNS resolver on a fixed source port) would
 * keep reaching the old endpoint through its NAT entry for as long as it sends. Missing conntrack
 * is tolerated with one warning.
 */
final class ConntrackCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(ConntrackCleanup.class);

    /** One UDP flow target: traffic to {@code entryIp:entryPort} DNATed to {@code endpointIp}. */
    record Flow(String entryIp, int entryPort, String endpointIp) {
    }

    private final NftablesSettings settings;
    private final CommandRunner runner;
    private boolean missingReported;

    ConntrackCleanup(NftablesSettings settings, CommandRunner runner) {
        this.settings = settings;
        this.runner = runner;
    }

    /** Deletes the entries of flows that {@code applied} programmed and {@code next} does not. */
    void afterSync(RuleModel applied, RuleModel next) {
        if (!settings.conntrackCleanup() || applied == null) {
            return;
        }
        Set<Flow> gone = udpFlows(applied);
        if (gone.isEmpty()) {
            return;
        }
        gone.removeAll(udpFlows(next));
        if (gone.isEmpty() || !available()) {
            return;
        }
        for (Flow flow : gone) {
            delete(flow);
        }
        LOG.debug("conntrack entries of removed UDP endpoints deleted flows={}", gone.size());
    }

    /** Every (entry, endpoint) pair of the model's UDP service ports. */
    static Set<Flow> udpFlows(RuleModel model) {
        Set<Flow> flows = new LinkedHashSet<>();
        for (ServicePort port : model.ports().values()) {
            if (port.key().protocol() != Protocol.UDP) {
                continue;
            }
            if (port.clusterIp() != null) {
                add(flows, List.of(port.clusterIp()), port.port(), port.internal());
            }
            add(flows, port.externalIps(), port.port(), port.external());
            if (port.nodePort() != 0) {
                add(flows, model.nodeAddresses(), port.nodePort(), port.external());
            }
        }
        return flows;
    }

    private static void add(Set<Flow> flows, List<String> entryIps, int entryPort, Destinations destinations) {
        for (String entryIp : entryIps) {
            for (Endpoint endpoint : destinations.endpoints()) {
                // only what the model could program; anything else never had a rule
                if (Ipv4.isAddress(entryIp) && Ipv4.isAddress(endpoint.ip())) {
                    flows.add(new Flow(entryIp, entryPort, endpoint.ip()));
                }
            }
        }
    }

    private void delete(Flow flow) {
        List<String> command = List.of(settings.conntrack(), "-D", "-p", "udp", "--orig-dst", flow.entryIp(),
                "--orig-port-dst", Integer.toString(flow.entryPort()), "--dst-nat", flow.endpointIp());
        try {
            CommandRunner.Outcome outcome = runner.run(command, null);
            // 1 means "0 flow entries have been deleted": nothing to do, not a failure
            if (outcome.exitCode() > 1) {
                LOG.warn("conntrack could not delete UDP flows entry={}:{} endpoint={} exit={} output={}",
                        flow.entryIp(), flow.entryPort(), flow.endpointIp(), outcome.exitCode(), outcome.output());
            }
        } catch (IOException e) {
            LOG.warn("conntrack failed entry={}:{} endpoint={} error={}", flow.entryIp(), flow.entryPort(),
                    flow.endpointIp(), e.toString());
        }
    }

    private boolean available() {
        if (isExecutable(settings.conntrack())) {
            return true;
        }
        if (!missingReported) {
            missingReported = true;
            LOG.warn("conntrack not found command={}: UDP flows to removed endpoints stay until they time out "
                    + "(install the conntrack package)", settings.conntrack());
        }
        return false;
    }

    private static boolean isExecutable(String command) {
        if (command.contains("/")) {
            return Files.isExecutable(Path.of(command));
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().filter(dir -> !dir.isEmpty()).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
