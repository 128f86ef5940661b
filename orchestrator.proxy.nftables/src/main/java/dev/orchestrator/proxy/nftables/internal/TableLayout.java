package dev.orchestrator.proxy.nftables.internal;

/**
 * The fixed part of the proxy's table: names of its maps and sets and the chains that never
 * change. Why it looks like this:
 * <ul>
 *   <li>Base chains hook where kube-proxy's nftables mode hooks: filtering before DNAT (priority
 *       dstnat - 10), DNAT at dstnat in prerouting and output, masquerading at srcnat. An
 *       iptables(-nft) proxy may hook at the same priorities at the same time: NAT chains of one
 *       hook run until one of them has NATed the connection, so whichever proxy runs first
 *       translates it and both write the same translation.</li>
 *   <li>One verdict map ({@value #ENTRIES}) finds the pick chain of an entry
 *       (address . protocol . port) and one map per slot ({@code slot-N}) finds its endpoint: a
 *       sync of thousands of services is a few element lists, not thousands of chains. nft 1.0.6
 *       cannot put {@code numgen} into a concatenated key without going through the packet mark,
 *       which other rules of the node may own; a random jump to a slot chain needs no scratch
 *       register.</li>
 *   <li>Entries without endpoints are refused in a filter chain before NAT
 *       ({@value #NO_ENDPOINTS}): {@code reject} (connection refused at once) or {@code drop}.</li>
 *   <li>Masquerading is decided before DNAT by a mark bit (pick and affinity chains set it), and
 *       after DNAT for loopback sources and hairpins (an endpoint reaching itself through its
 *       service, found in the {@value #HAIRPIN} set of local endpoint pairs).</li>
 * </ul>
 */
final class TableLayout {

    static final String ENTRIES = "entries";
    static final String NO_ENDPOINTS = "no-endpoints";
    static final String CLUSTER_CIDRS = "cluster-cidrs";
    static final String HAIRPIN = "hairpin";
    static final String REFUSE = "refuse";

    static final String ENTRY_TYPE = "ipv4_addr . inet_proto . inet_service";
    static final String ENTRY_LOOKUP = "ip daddr . meta l4proto . th dport";
    static final String SLOT_MAP_SPEC = "type " + ENTRY_TYPE + " : ipv4_addr . inet_service;";

    private TableLayout() {
    }

    static String slot(int index) {
        return "slot-" + index;
    }

    /** Adds slot {@code index}: its map (empty) and its chain, which DNATs to the entry's endpoint. */
    static void addSlot(NftScript script, int index) {
        script.addSet("map", slot(index), SLOT_MAP_SPEC);
        script.addChain(slot(index));
        script.addRule(slot(index), "dnat to " + ENTRY_LOOKUP + " map @" + slot(index));
    }

    /** Removes slot {@code index}; nothing may jump to its chain any more. */
    static void deleteSlot(NftScript script, int index) {
        script.deleteChain(slot(index));
        script.deleteSet("map", slot(index));
    }

    /** Adds the sets, maps and chains that every sync keeps as they are (all sets empty). */
    static void addFixed(NftScript script, int masqueradeMark) {
        script.addSet("set", CLUSTER_CIDRS, "type ipv4_addr; flags interval; auto-merge;");
        script.addSet("set", HAIRPIN, "type ipv4_addr . ipv4_addr;");
        script.addSet("map", ENTRIES, "type " + ENTRY_TYPE + " : verdict;");
        script.addSet("map", NO_ENDPOINTS, "type " + ENTRY_TYPE + " : verdict;");

        script.addChain(REFUSE).addRule(REFUSE, "reject");
        script.addChain("endpointless").addRule("endpointless", ENTRY_LOOKUP + " vmap @" + NO_ENDPOINTS);
        script.addChain("services").addRule("services", ENTRY_LOOKUP + " vmap @" + ENTRIES);
        String mark = MasqueradePolicy.hex(masqueradeMark);
        script.addChain("masquerading")
                .addRule("masquerading", "meta mark & " + mark + " == " + mark
                        + " meta mark set meta mark & " + MasqueradePolicy.hex(~masqueradeMark) + " masquerade")
                // a loopback source cannot leave the node: 127.0.0.1:<nodePort> must be masqueraded
                .addRule("masquerading", "ip saddr 127.0.0.0/8 ip daddr != 127.0.0.0/8 masquerade")
                .addRule("masquerading", "ip saddr . ip daddr @" + HAIRPIN + " masquerade");

        script.addChain("filter-prerouting", "type filter hook prerouting priority -110; policy accept;")
                .addRule("filter-prerouting", "jump endpointless");
        script.addChain("filter-output", "type filter hook output priority -110; policy accept;")
                .addRule("filter-output", "jump endpointless");
        script.addChain("nat-prerouting", "type nat hook prerouting priority -100; policy accept;")
                .addRule("nat-prerouting", "jump services");
        script.addChain("nat-output", "type nat hook output priority -100; policy accept;")
                .addRule("nat-output", "jump services");
        script.addChain("nat-postrouting", "type nat hook postrouting priority 100; policy accept;")
                .addRule("nat-postrouting", "ct status dnat jump masquerading");
    }
}
