package dev.orchestrator.proxy.iptables.internal;

import java.util.Locale;

/** The iptables tables this proxy writes, in the order they appear in a restore input. */
enum Table {
    /**
     * REJECT and DROP of traffic to service ports without endpoints (the nat table may not drop).
     * Written first: iptables-restore commits table by table, and the small filter section is
     * the one least likely to be refused, so a refused nat section leaves both tables as they were
     * in most failures.
     */
    FILTER,
    /** DNAT to endpoints and masquerading. */
    NAT;

    /** The name iptables uses ({@code nat}, {@code filter}). */
    String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
