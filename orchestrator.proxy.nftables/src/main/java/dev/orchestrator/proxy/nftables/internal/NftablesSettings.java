package dev.orchestrator.proxy.nftables.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an {@link NftablesProxy} reaches the kernel.
 *
 * @param table the name of the one table the proxy owns (and deletes and rewrites at will)
 * @param family the nftables family of that table; only {@code ip} (the proxy programs IPv4)
 * @param commandPrefix words put before every command, e.g. {@code ip netns exec X} to program
 *        another network namespace; empty to run nft and conntrack directly
 * @param nft the nft executable
 * @param conntrack the conntrack executable; with {@code conntrackCleanup}, UDP flows to removed
 *        endpoints are deleted with it
 * @param conntrackCleanup whether to delete the conntrack entries of removed UDP endpoints
 * @param masqueradeMark the packet mark bit that asks for masquerading; the same bit as the
 *        iptables proxy's, so that either proxy's postrouting rules honour the other's mark
 * @param commandTimeout how long one nft or conntrack run may take before it is killed
 */
public record NftablesSettings(String table, String family, List<String> commandPrefix, String nft,
                               String conntrack, boolean conntrackCleanup, int masqueradeMark,
                               Duration commandTimeout) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]{0,62}");

    public NftablesSettings {
        if (table == null || !NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a usable nftables table name: " + table);
        }
        if (!"ip".equals(family)) {
            throw new IllegalArgumentException("only the ip family is supported, not " + family);
        }
        commandPrefix = List.copyOf(commandPrefix);
        Objects.requireNonNull(nft, "nft");
        Objects.requireNonNull(conntrack, "conntrack");
        if (Integer.bitCount(masqueradeMark) != 1) {
            throw new IllegalArgumentException("the masquerade mark must be one bit: " + masqueradeMark);
        }
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive: " + commandTimeout);
        }
    }

    /** Table {@code ip orch}, nft and conntrack from the PATH, conntrack cleanup on, mark 0x4000. */
    public static NftablesSettings defaults() {
        return new NftablesSettings("orch", "ip", List.of(), "nft", "conntrack", true, 0x4000, Duration.ofSeconds(30));
    }

    /** The same settings with commands run behind {@code prefix} (e.g. {@code ip netns exec X}). */
    public NftablesSettings withCommandPrefix(List<String> prefix) {
        return new NftablesSettings(table, family, prefix, nft, conntrack, conntrackCleanup, masqueradeMark,
                commandTimeout);
    }

    /** The same settings with another table name. */
    public NftablesSettings withTable(String name) {
        return new NftablesSettings(name, family, commandPrefix, nft, conntrack, conntrackCleanup, masqueradeMark,
                commandTimeout);
    }

    /** {@code ip orch}: how nft commands name the table. */
    String qualifiedTable() {
        return family + " " + table;
    }
}
