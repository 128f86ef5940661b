package dev.orchestrator.network.hostgw.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The validated configuration of the host-gw routes.
 *
 * @param commandPrefix words before {@code ip}; empty to run it directly
 * @param routeProtocol the {@code proto} of our routes, 1..255 (0 is "unspec", which the kernel never reports
 *        for a route someone made on purpose, and the field is one byte)
 */
record HostGwSettings(String nodeName, Ipv4Cidr clusterCidr, List<String> commandPrefix, int routeProtocol,
                      Duration resync, Duration commandTimeout) {

    HostGwSettings {
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("nodeName is required");
        }
        Objects.requireNonNull(clusterCidr, "clusterCidr");
        commandPrefix = List.copyOf(commandPrefix);
        if (routeProtocol < 1 || routeProtocol > 255) {
            throw new IllegalArgumentException("routeProtocol must be 1..255: " + routeProtocol);
        }
        if (resync.isNegative() || resync.isZero() || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("resync and command timeout must be positive");
        }
    }

    static HostGwSettings of(HostGwConfig config) {
        return new HostGwSettings(config.nodeName() == null ? "" : config.nodeName().trim(),
                Ipv4Cidr.parse(config.clusterCidr().trim()), words(config.commandPrefix()), config.routeProtocol(),
                Duration.ofSeconds(config.resyncSeconds()), Duration.ofSeconds(config.commandTimeoutSeconds()));
    }

    // A configuration file may give an empty value, which arrives as one empty word.
    private static List<String> words(String[] prefix) {
        return prefix == null ? List.of() : Arrays.stream(prefix).map(String::trim).filter(w -> !w.isEmpty()).toList();
    }
}
