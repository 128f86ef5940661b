package dev.orchestrator.network.hostgw.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.support.command.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The main routing table through the {@code ip} tool: reads with {@code ip -4 -j -N route show} (JSON, with
 * protocol numbers rather than names from {@code rt_protos}, so our routes are told apart whatever the machine
 * calls our number) and {@code ip -4 -j addr show}; writes with {@code ip route replace|del ... proto <P>}.
 */
final class IpRouteTable implements RouteTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> commandPrefix;
    private final int protocol;
    private final Duration timeout;
    private final CommandRunner runner;

    /**
     * @param commandPrefix words before {@code ip} ({@code ip netns exec X} for a namespace), or none
     * @param protocol the {@code proto} number of our routes, 1..255
     */
    IpRouteTable(List<String> commandPrefix, int protocol, Duration timeout, CommandRunner runner) {
        this.commandPrefix = List.copyOf(commandPrefix);
        this.protocol = protocol;
        this.timeout = timeout;
        this.runner = runner;
    }

    @Override
    public KernelRoutes read() throws RouteCommandException {
        JsonNode routes = json(run("ip", "-4", "-j", "-N", "route", "show"));
        JsonNode addresses = json(run("ip", "-4", "-j", "addr", "show"));
        Map<Ipv4Cidr, String> ours = new HashMap<>();
        List<Ipv4Cidr> connected = new ArrayList<>();
        Set<Ipv4Cidr> claimedByOthers = new HashSet<>();
        for (JsonNode route : routes) {
            Optional<Ipv4Cidr> dst = Ipv4Cidr.tryParse(route.path("dst").asText(""));
            if (dst.isEmpty()) {
                continue; // "default", or nothing we could ever have written
            }
            if (protocolOf(route) == protocol) {
                ours.put(dst.get(), route.has("nexthops") ? "" : route.path("gateway").asText(""));
                continue;
            }
            if (route.path("metric").asInt(0) == 0) {
                claimedByOthers.add(dst.get());
            }
            boolean unicast = !route.has("type") || route.path("type").asText().equals("1");
            if (unicast && route.has("dev") && !route.has("gateway") && !route.has("nexthops")) {
                connected.add(dst.get());
            }
        }
        return new KernelRoutes(ours, connected, claimedByOthers, localAddresses(addresses));
    }

    /** The protocol number; -N prints numbers, and a name here means an ip tool too old to be trusted. */
    private static int protocolOf(JsonNode route) throws RouteCommandException {
        String text = route.path("protocol").asText("0");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RouteCommandException("ip printed the route protocol as '" + text
                    + "' despite -N; iproute2 5.x or later is needed to tell our routes apart");
        }
    }

    private static Set<Integer> localAddresses(JsonNode links) {
        Set<Integer> local = new HashSet<>();
        for (JsonNode link : links) {
            for (JsonNode address : link.path("addr_info")) {
                if ("inet".equals(address.path("family").asText())) {
                    try {
                        local.add(Ipv4Cidr.parseAddress(address.path("local").asText("")));
                    } catch (IllegalArgumentException ignored) {
                        // not an IPv4 address after all: nothing a node's InternalIP can equal
                    }
                }
            }
        }
        return local;
    }

    @Override
    public void replace(NodeRoute route) throws RouteCommandException {
        run("ip", "route", "replace", route.podCidr().toString(), "via", route.gatewayText(),
                "proto", Integer.toString(protocol));
    }

    @Override
    public void delete(Ipv4Cidr podCidr) throws RouteCommandException {
        run("ip", "route", "del", podCidr.toString(), "proto", Integer.toString(protocol));
    }

    private String run(String... words) throws RouteCommandException {
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of(words));
        CommandRunner.Result result;
        try {
            result = runner.run(command, "", timeout);
        } catch (IOException e) {
            throw new RouteCommandException(String.join(" ", command) + ": " + e.getMessage(), e);
        }
        if (!result.ok()) {
            throw new RouteCommandException(String.join(" ", command) + " exit=" + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        return result.stdout();
    }

    private static JsonNode json(String text) throws RouteCommandException {
        if (text.isBlank()) {
            return JSON.createArrayNode(); // ip prints nothing for an empty table
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RouteCommandException("ip printed no JSON: " + e.getOriginalMessage(), e);
        }
    }
}
