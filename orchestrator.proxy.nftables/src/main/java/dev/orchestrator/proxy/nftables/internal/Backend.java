package dev.orchestrator.proxy.nftables.internal;

/** One endpoint as the DNAT target of a slot: the pod address and the target port. */
record Backend(String ip, int port) {

    /** The value of a slot map element, {@code 10.244.1.5 . 8080}. */
    String nft() {
        return ip + " . " + port;
    }

    /** The argument of a {@code dnat to} statement, {@code 10.244.1.5:8080}. */
    String dnatTarget() {
        return ip + ":" + port;
    }
}
