package dev.orchestrator.api.scheduler;

/**
 * A host port a container asks for.
 *
 * @param protocol TCP, UDP or SCTP
 * @param ip       host IP, "0.0.0.0" for all
 * @param port     the port
 */
public record HostPort(String protocol, String ip, int port) {

    /** @return whether both cannot be bound on one node at the same time */
    public boolean conflictsWith(HostPort other) {
        return port == other.port && protocol.equals(other.protocol)
                && (ip.equals(other.ip) || "0.0.0.0".equals(ip) || "0.0.0.0".equals(other.ip));
    }
}
