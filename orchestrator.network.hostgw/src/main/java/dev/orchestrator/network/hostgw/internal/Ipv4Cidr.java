package dev.orchestrator.network.hostgw.internal;

import java.util.Optional;

/**
 * An IPv4 network: an address with its host bits cleared and a prefix length. Parsed by hand, never
 * through {@code InetAddress}, which would resolve a name given where an address belongs.
 *
 * @param address the network address as an unsigned 32-bit value in an int
 * @param prefixLength 0..32
 */
record Ipv4Cidr(int address, int prefixLength) implements Comparable<Ipv4Cidr> {

    Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
        }
        if ((address & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("host bits set in " + formatAddress(address) + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code a.b.c.d/n}, or {@code a.b.c.d} as a /32 (how {@code ip route} prints a host route).
     *
     * @throws IllegalArgumentException when it is not an IPv4 network, or host bits are set (10.244.1.5/24)
     */
    static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Ipv4Cidr(parseAddress(text), 32);
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        return new Ipv4Cidr(parseAddress(text.substring(0, slash)), Integer.parseInt(length));
    }

    /** {@link #parse} without the exception: empty for anything that is not an IPv4 network. */
    static Optional<Ipv4Cidr> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Parses a dotted quad: four decimal numbers 0..255, nothing else. */
    static int parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    static String formatAddress(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** Whether every address of {@code other} is in this network. */
    boolean contains(Ipv4Cidr other) {
        return other.prefixLength >= prefixLength && (other.address & mask(prefixLength)) == address;
    }

    boolean containsAddress(int ip) {
        return (ip & mask(prefixLength)) == address;
    }

    /** Whether the two networks share an address (one then contains the other). */
    boolean overlaps(Ipv4Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** The first address as an unsigned value. */
    long first() {
        return Integer.toUnsignedLong(address);
    }

    /** The last address as an unsigned value. */
    long last() {
        return first() + (1L << (32 - prefixLength)) - 1;
    }

    /** Orders by first address, then wider networks first, so a sweep meets a container before what it contains. */
    @Override
    public int compareTo(Ipv4Cidr other) {
        int byAddress = Long.compare(first(), other.first());
        return byAddress != 0 ? byAddress : Integer.compare(prefixLength, other.prefixLength);
    }

    /** The canonical form {@code ip route} takes: {@code 10.244.1.0/24}. */
    @Override
    public String toString() {
        return formatAddress(address) + "/" + prefixLength;
    }
}
