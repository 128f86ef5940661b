package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState.Protocol;

/**
 * Where a client sends service traffic: a virtual IP, an external IP or a node address, with the
 * protocol and the port. The key of the table's entry maps.
 */
record EntryKey(String ip, Protocol protocol, int port) {

    /** The key as an nft concatenation, {@code 10.96.0.10 . udp . 53}. */
    String nft() {
        return ip + " . " + protocol.keyword() + " . " + port;
    }
}
