package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState.Protocol;

/**
 * Where a client sends service traffic: a virtual IP, an external IP or a node address, with the
 * protocol and the port. The key of the table's entry maps.
 */
record EntryKey(String ip, Protocol protocol, int port) {

    /** The key as an nft concatenation, {@code 10.96.0.10 . udp . 53}. */
    String nft() {
        return ip + " . " + keyword(protocol) + " . " + port;
    }

    /** The protocol as nft names it, without the allocation of {@link Protocol#keyword()}. */
    static String keyword(Protocol protocol) {
        return switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case SCTP -> "sctp";
        };
    }
}
