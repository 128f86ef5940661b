package dev.orchestrator.proxy.nftables.internal;

/**
 * Which new connections to an entry get the masquerade mark before they are DNATed; the
 * postrouting chain masquerades marked connections (plus loopback sources and hairpins, whatever
 * the policy).
 */
enum MasqueradePolicy {
    /** Node ports and external IPs of a {@code Local} policy: the client address is kept. */
    NEVER("keep"),
    /** Node ports and external IPs of a {@code Cluster} policy: replies must come back here. */
    ALWAYS("masq"),
    /** Virtual IPs: only clients outside the cluster's pod ranges (the node itself, typically). */
    OUTSIDE_CLUSTER("vip");

    private final String suffix;

    MasqueradePolicy(String suffix) {
        this.suffix = suffix;
    }

    /** The part of a chain name that tells the policy apart. */
    String suffix() {
        return suffix;
    }

    /** The rule that sets the mark, or {@code null} for {@link #NEVER}. */
    String markRule(int mark) {
        String set = "meta mark set meta mark | " + hex(mark);
        return switch (this) {
            case NEVER -> null;
            case ALWAYS -> set;
            case OUTSIDE_CLUSTER -> "ip saddr != @" + TableLayout.CLUSTER_CIDRS + " " + set;
        };
    }

    static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
