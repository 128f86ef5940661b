package dev.orchestrator.proxy.iptables.internal;

import static dev.orchestrator.proxy.iptables.internal.Ports.state;
import static dev.orchestrator.proxy.iptables.internal.Ports.tcp;
import static dev.orchestrator.proxy.iptables.internal.Ports.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy.SyncReport;
import dev.orchestrator.api.proxy.ServiceProxy.SyncScope;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import dev.orchestrator.support.command.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The sync logic against a recorded stand-in for the tools; the real tools run in IptablesNetnsIT. */
class IptablesProxyTest {

    private final List<List<String>> commands = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private Function<String, CommandRunner.Result> restore = input -> new CommandRunner.Result(0, "", "");

    private final IptablesProxy proxy = new IptablesProxy(
            IptablesSettings.defaults().withCommandPrefix(List.of("ip", "netns", "exec", "t")), (command, stdin, timeout) -> {
                commands.add(command);
                String tool = command.get(4);
                if (tool.equals("iptables-restore")) {
                    inputs.add(stdin);
                    return restore.apply(stdin);
                }
                if (tool.equals("conntrack")) {
                    return new CommandRunner.Result(0, "", "");
                }
                return new CommandRunner.Result(0, "*" + command.get(6) + "\nCOMMIT\n", "");
            });

    private final ServicePort web = tcp("web", "10.96.0.10", 80, 0, "10.244.0.2:80", "10.244.0.3:80");

    @Test
    void firstSyncIsFullAndReadsTheKernelLaterOnesAreNot() throws Exception {
        SyncReport first = proxy.sync(state(web), SyncScope.CHANGES);
        assertTrue(first.full());
        assertEquals(List.of("ip", "netns", "exec", "t", "iptables-save", "-t", "filter"), commands.get(0));
        assertEquals(List.of("ip", "netns", "exec", "t", "iptables-save", "-t", "nat"), commands.get(1));
        assertEquals(List.of("ip", "netns", "exec", "t", "iptables-restore", "--noflush", "-w"), commands.get(2));

        commands.clear();
        SyncReport second = proxy.sync(state(web, tcp("api", "10.96.0.11", 443, 0, "10.244.0.4:443")), SyncScope.CHANGES);
        assertFalse(second.full());
        assertEquals(1, second.servicesWritten());
        assertEquals(1, commands.size(), "a partial sync is one restore");

        commands.clear();
        assertTrue(proxy.sync(state(web), SyncScope.FULL).full());
        assertEquals(3, commands.size());
    }

    @Test
    void refusedRestoreThrowsKeepsTheLastGoodStateAndNamesTheLine() throws Exception {
        proxy.sync(state(web), SyncScope.CHANGES);
        restore = input -> new CommandRunner.Result(2, "", "iptables-restore v1.8.9 (nf_tables): host/network "
                + "`10.96.0.300' not found\nError occurred at line: 3\n");
        ServicePort bad = tcp("bad", "10.96.0.300", 80, 0, "10.244.0.9:80");
        ProxySyncException e = assertThrows(ProxySyncException.class,
                () -> proxy.sync(state(web, bad), SyncScope.CHANGES));
        String rejectedLine = inputs.get(inputs.size() - 1).split("\n")[2];
        assertTrue(e.getMessage().contains("at line 3: " + rejectedLine), e.getMessage());

        restore = input -> new CommandRunner.Result(0, "", "");
        commands.clear();
        SyncReport retry = proxy.sync(state(web, bad), SyncScope.CHANGES);
        assertFalse(retry.full(), "nothing was committed, so the delta from the last good sync still holds");
        assertEquals(1, retry.servicesWritten());
        assertEquals(1, commands.size());
        assertEquals(1, ((Double) failures()).intValue());
    }

    @Test
    void refusalAfterACommittedTableMakesTheNextSyncFull() throws Exception {
        proxy.sync(state(web), SyncScope.CHANGES);
        // An emptied service changes the filter table (committed first) and the nat table.
        restore = input -> new CommandRunner.Result(1, "", "Error occurred at line: " + (input.split("\n").length - 1));
        assertThrows(ProxySyncException.class, () -> proxy.sync(state(tcp("web", "10.96.0.10", 80, 0)), SyncScope.CHANGES));
        restore = input -> new CommandRunner.Result(0, "", "");
        assertTrue(proxy.sync(state(web), SyncScope.CHANGES).full());
    }

    @Test
    void stateThatCannotBeWrittenSafelyIsRefusedWithoutRunningAnything() {
        ServicePort injected = tcp("evil", "10.96.0.1 -j ACCEPT", 80, 0, "10.244.0.2:80");
        assertThrows(ProxySyncException.class, () -> proxy.sync(state(injected), SyncScope.CHANGES));
        assertTrue(commands.isEmpty());
    }

    @Test
    void removedUdpEndpointsGetTheirFlowsDeleted() throws Exception {
        proxy.sync(state(udp("dns", "10.96.0.53", 53, "10.244.0.5:53", "10.244.0.6:53")), SyncScope.CHANGES);
        commands.clear();
        proxy.sync(state(udp("dns", "10.96.0.53", 53, "10.244.0.5:53")), SyncScope.CHANGES);
        assertTrue(commands.contains(List.of("ip", "netns", "exec", "t", "conntrack", "-D", "-p", "udp",
                "--orig-dst", "10.96.0.53", "--dst-nat", "10.244.0.6")), commands.toString());
    }

    @Test
    void metricsCountSyncsByScope() throws Exception {
        proxy.sync(state(web), SyncScope.CHANGES);
        proxy.sync(state(web), SyncScope.CHANGES);
        Metric syncs = proxy.metrics().metrics().stream().filter(m -> m.name().equals("orch_proxy_sync_total"))
                .findFirst().orElseThrow();
        assertEquals(2, syncs.samples().size());
        assertEquals(1.0, syncs.samples().stream().filter(s -> s.labels().get("scope").equals("full")).findFirst()
                .orElseThrow().value());
        assertEquals("iptables", syncs.samples().get(0).labels().get("mode"));
    }

    @Test
    void removeAllReadsTheKernelAndDeletesWhatItFinds() throws Exception {
        proxy.removeAll();
        assertEquals(2, commands.size(), "nothing owned: only the two iptables-save runs");
        assertTrue(proxy.sync(state(web), SyncScope.CHANGES).full(), "after removal the next sync starts over");
    }

    private Object failures() {
        return proxy.metrics().metrics().stream().filter(m -> m.name().equals("orch_proxy_sync_failures_total"))
                .findFirst().orElseThrow().samples().get(0).value();
    }
}
