package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import java.util.BitSet;

/**
 * The pod addresses of one node's IPv4 CIDR, handed out lowest-free-first so a freed address is
 * reused before the range grows. The network address, the first host (the bridge's gateway, as
 * the bridge CNI plugin reserves it) and the broadcast address are never handed out.
 * Not thread-safe: the owning runtime guards it.
 */
final class PodIpPool {

    /** Offset of the first address handed out: .0 is the network, .1 the gateway. */
    private static final int FIRST = 2;

    private final String cidr;
    private final int base;
    private final int last;
    /** Grows only as far as the highest offset in use, so a large idle range costs nothing. */
    private final BitSet used = new BitSet(0);

    PodIpPool(String cidr) {
        this.cidr = cidr;
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("pod CIDR needs a prefix length, e.g. 10.244.0.0/24: " + cidr);
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("pod CIDR prefix must be between /8 and /30: " + cidr);
        }
        int mask = -1 << (32 - prefix);
        this.base = parse(cidr.substring(0, slash).trim()) & mask;
        this.last = ~mask - 1;
    }

    /**
     * Takes the lowest free address and returns its offset in the range.
     *
     * @throws ContainerRuntimeException when every address is taken (as the host-local IPAM plugin fails)
     */
    int allocate() {
        int offset = used.nextClearBit(FIRST);
        if (offset > last) {
            throw new ContainerRuntimeException("failed to allocate a pod IP: no free address left in range " + cidr);
        }
        used.set(offset);
        return offset;
    }

    /** Gives an address back; releasing a free one is harmless. */
    void release(int offset) {
        used.clear(offset);
    }

    /** The dotted form of the address at {@code offset}. */
    String address(int offset) {
        int ip = base + offset;
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    private static int parse(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int ip = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            ip = (ip << 8) | octet;
        }
        return ip;
    }
}
