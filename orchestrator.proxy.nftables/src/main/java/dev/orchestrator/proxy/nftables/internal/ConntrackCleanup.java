package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /** After a partial sync: deletes the flows of the changed UDP ports' endpoints that went away. */
    void afterChanges(TableDelta delta) {
        if (!settings.conntrackCleanup()) {
            return;
        }
        Set<Flow> gone = new LinkedHashSet<>();
        for (TableDelta.Change change : delta.changes()) {
            gone.addAll(goneFlows(change.before(), change.after()));
        }
        delete(gone);
    }

    /** After a full rewrite: deletes the flows of every UDP endpoint {@code old} had and {@code next} has not. */
    void afterRewrite(PortTable old, PortTable next) {
        if (!settings.conntrackCleanup() || old == null) {
            return;
        }
        Map<PortKey, PortRules> now = new HashMap<>();
        next.ports().forEach(rules -> now.put(rules.source().key(), rules));
        Set<Flow> gone = new LinkedHashSet<>();
        for (PortRules before : old.ports()) {
            gone.addAll(goneFlows(before, now.get(before.source().key())));
        }
        delete(gone);
    }

    private static Set<Flow> goneFlows(PortRules before, PortRules after) {
        if (before == null || before.source().key().protocol() != Protocol.UDP) {
            return Set.of();
        }
        Set<Flow> gone = udpFlows(before);
        if (after != null) {
            gone.removeAll(udpFlows(after));
        }
        return gone;
    }

    /** Every (entry, endpoint) pair of a port's rules. */
    static Set<Flow> udpFlows(PortRules rules) {
        Set<Flow> flows = new LinkedHashSet<>();
        rules.dispatch().forEach((entry, verdict) -> {
            List<Backend> backends = rules.backends().get(entry);
            if (backends == null) {
                backends = rules.groups().stream().filter(group -> verdict.equals("goto " + group.chain()))
                        .findFirst().map(AffinityGroup::backends).orElse(List.of());
            }
            backends.forEach(backend -> flows.add(new Flow(entry.ip(), entry.port(), backend.ip())));
        });
        return flows;
    }

    private void delete(Set<Flow> gone) {
        if (gone.isEmpty() || !available()) {
            return;
        }
        gone.forEach(this::delete);
        LOG.debug("conntrack entries of removed UDP endpoints deleted flows={}", gone.size());
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
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().filter(dir -> !dir.isEmpty()).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
