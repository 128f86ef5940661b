package dev.orchestrator.network.hostgw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.support.command.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The commands and the JSON reading, against output recorded from iproute2 6.1 (the real tool: HostGwNetnsTest). */
class IpRouteTableTest {

    private static final String ROUTES = """
            [{"type":"6","dst":"10.244.0.0/16","flags":[]},
             {"dst":"default","gateway":"10.245.0.254","dev":"va","protocol":"4","flags":[]},
             {"dst":"10.244.1.0/24","dev":"br0","protocol":"2","scope":"253","prefsrc":"10.244.1.1","flags":[]},
             {"dst":"10.244.7.0/24","gateway":"10.245.0.8","dev":"va","protocol":"188","flags":[]},
             {"dst":"10.244.7.0/24","gateway":"10.245.0.7","dev":"va","protocol":"4","metric":50,"flags":[]},
             {"dst":"10.244.8.0/24","protocol":"188","flags":[],
              "nexthops":[{"gateway":"10.245.0.8"},{"gateway":"10.245.0.9"}]},
             {"dst":"10.244.9.0/24","gateway":"10.245.0.9","dev":"va","protocol":"4","flags":[]},
             {"dst":"10.245.0.0/24","dev":"va","protocol":"2","scope":"253","prefsrc":"10.245.0.1","flags":[]}]
            """;
    private static final String ADDRESSES = """
            [{"ifindex":1,"ifname":"lo","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8}]},
             {"ifindex":3,"ifname":"va","addr_info":[{"family":"inet","local":"10.245.0.1","prefixlen":24}]},
             {"ifindex":4,"ifname":"br0","addr_info":[{"family":"inet","local":"10.244.1.1","prefixlen":24}]}]
            """;

    private final List<List<String>> commands = new ArrayList<>();
    private CommandRunner.Result routeOutput = new CommandRunner.Result(0, ROUTES, "");
    private CommandRunner.Result writeOutput = new CommandRunner.Result(0, "", "");

    private final IpRouteTable table = new IpRouteTable(List.of("ip", "netns", "exec", "m"), 188, Duration.ofSeconds(5),
            (command, stdin, timeout) -> {
                commands.add(command);
                if (command.contains("show")) {
                    return command.contains("addr") ? new CommandRunner.Result(0, ADDRESSES, "") : routeOutput;
                }
                return writeOutput;
            });

    @Test
    void readsOursConnectedOthersAndLocalAddresses() throws Exception {
        KernelRoutes kernel = table.read();
        assertEquals(Map.of(Ipv4Cidr.parse("10.244.7.0/24"), "10.245.0.8", Ipv4Cidr.parse("10.244.8.0/24"), ""),
                kernel.ours());
        assertEquals(List.of(Ipv4Cidr.parse("10.244.1.0/24"), Ipv4Cidr.parse("10.245.0.0/24")), kernel.connected());
        assertEquals(Set.of(Ipv4Cidr.parse("10.244.0.0/16"), Ipv4Cidr.parse("10.244.1.0/24"),
                Ipv4Cidr.parse("10.244.9.0/24"), Ipv4Cidr.parse("10.245.0.0/24")), kernel.claimedByOthers(),
                "the metric-50 route does not collide with ours at metric 0");
        assertEquals(Set.of(Ipv4Cidr.parseAddress("127.0.0.1"), Ipv4Cidr.parseAddress("10.245.0.1"),
                Ipv4Cidr.parseAddress("10.244.1.1")), kernel.localAddresses());
        assertEquals(List.of(List.of("ip", "netns", "exec", "m", "ip", "-4", "-j", "-N", "route", "show"),
                List.of("ip", "netns", "exec", "m", "ip", "-4", "-j", "addr", "show")), commands);
    }

    @Test
    void anEmptyTableIsNoRoutes() throws Exception {
        routeOutput = new CommandRunner.Result(0, "", "");
        assertTrue(table.read().ours().isEmpty());
    }

    @Test
    void writesNameOurProtocol() throws Exception {
        table.replace(new NodeRoute(Ipv4Cidr.parse("10.244.2.0/24"), Ipv4Cidr.parseAddress("10.245.0.2"), "b"));
        table.delete(Ipv4Cidr.parse("10.244.3.0/24"));
        assertEquals(List.of(
                List.of("ip", "netns", "exec", "m", "ip", "route", "replace", "10.244.2.0/24", "via", "10.245.0.2",
                        "proto", "188"),
                List.of("ip", "netns", "exec", "m", "ip", "route", "del", "10.244.3.0/24", "proto", "188")), commands);
    }

    @Test
    void aRefusedCommandSaysWhatTheKernelSaid() {
        writeOutput = new CommandRunner.Result(2, "", "Error: Nexthop has invalid gateway.\n");
        RouteCommandException e = assertThrows(RouteCommandException.class, () -> table.replace(
                new NodeRoute(Ipv4Cidr.parse("10.244.2.0/24"), Ipv4Cidr.parseAddress("10.99.0.2"), "b")));
        assertTrue(e.getMessage().endsWith("exit=2: Error: Nexthop has invalid gateway."), e.getMessage());
    }

    @Test
    void protocolNamesInsteadOfNumbersAreRefusedRatherThanGuessed() {
        routeOutput = new CommandRunner.Result(0,
                "[{\"dst\":\"10.244.7.0/24\",\"gateway\":\"10.245.0.8\",\"protocol\":\"ospf\"}]", "");
        assertThrows(RouteCommandException.class, table::read);
    }

    @Test
    void outputThatIsNotJsonAndAToolThatDoesNotStartAreErrors() {
        routeOutput = new CommandRunner.Result(0, "10.244.7.0/24 via 10.245.0.8", "");
        assertThrows(RouteCommandException.class, table::read);
        IpRouteTable missing = new IpRouteTable(List.of(), 188, Duration.ofSeconds(5), (command, stdin, timeout) -> {
            throw new IOException("Cannot run program \"ip\"");
        });
        assertThrows(RouteCommandException.class, missing::read);
    }
}
