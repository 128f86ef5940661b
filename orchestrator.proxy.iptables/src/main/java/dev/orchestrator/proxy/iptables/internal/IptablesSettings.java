package dev.orchestrator.proxy.iptables.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an {@link IptablesProxy} names its chains and runs the iptables tools.
 *
 * @param chainPrefix every chain the proxy owns is named {@code <chainPrefix>-...}; upper-case
 *        letters and digits, at most 8 characters (chain names must stay within 28 characters)
 * @param commandPrefix put before every command ({@code ip netns exec X} to work inside a network
 *        namespace); empty to run the tools directly
 * @param masqueradeBit the bit of the packet mark that asks for masquerading (0..31)
 * @param flushUdpConntrack delete the conntrack entries of UDP flows to endpoints that went away
 *        (needs the {@code conntrack} tool; without it a warning is logged once)
 * @param commandTimeout how long one iptables-restore, iptables-save or conntrack run may take
 */
public record IptablesSettings(String chainPrefix, List<String> commandPrefix, int masqueradeBit,
                               boolean flushUdpConntrack, Duration commandTimeout) {

    private static final Pattern PREFIX = Pattern.compile("[A-Z][A-Z0-9]{0,7}");

    public IptablesSettings {
        Objects.requireNonNull(chainPrefix, "chainPrefix");
        if (!PREFIX.matcher(chainPrefix).matches()) {
            throw new IllegalArgumentException("chain prefix must be 1-8 upper-case letters or digits: " + chainPrefix);
        }
        commandPrefix = List.copyOf(commandPrefix);
        if (masqueradeBit < 0 || masqueradeBit > 31) {
            throw new IllegalArgumentException("masquerade bit must be 0..31: " + masqueradeBit);
        }
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive: " + commandTimeout);
        }
    }

    /** Chains {@code ORCH-*}, tools run directly, mark bit 14, UDP conntrack flushing on, 180 s per command. */
    public static IptablesSettings defaults() {
        return new IptablesSettings("ORCH", List.of(), 14, true, Duration.ofSeconds(180));
    }

    /** The same settings with the tools run behind {@code prefix} (e.g. {@code ip netns exec X}). */
    public IptablesSettings withCommandPrefix(List<String> prefix) {
        return new IptablesSettings(chainPrefix, prefix, masqueradeBit, flushUdpConntrack, commandTimeout);
    }

    /** The mark value and mask, as iptables writes them ({@code 0x4000}). */
    String masqueradeMark() {
        return "0x" + Integer.toHexString(1 << masqueradeBit);
    }
}
