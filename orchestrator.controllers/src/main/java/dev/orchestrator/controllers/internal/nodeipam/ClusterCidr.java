package dev.orchestrator.controllers.internal.nodeipam;

import java.util.Optional;

/**
 * The cluster's IPv4 pod range cut into equal node ranges: {@code 10.244.0.0/16} with node mask 24 gives
 * 256 node ranges, the i-th being {@code 10.244.i.0/24}.
 */
record ClusterCidr(long base, int prefix, int nodePrefix) {

    ClusterCidr {
        if (prefix < 0 || prefix > 32 || nodePrefix < prefix || nodePrefix > 30) {
            throw new IllegalArgumentException("the node mask size must lie between the cluster range's prefix ("
                    + prefix + ") and 30, not " + nodePrefix);
        }
        if ((base & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException(dotted(base) + "/" + prefix + " has host bits set");
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with {@code cidr} or {@code nodePrefix}
     */
    static ClusterCidr parse(String cidr, int nodePrefix) {
        Cidr parsed = Cidr.parse(cidr).orElseThrow(() ->
                new IllegalArgumentException("clusterCidr must be an IPv4 CIDR such as 10.244.0.0/16, not '" + cidr + "'"));
        if (parsed.hostBits()) {
            throw new IllegalArgumentException("clusterCidr " + cidr + " has host bits set");
        }
        return new ClusterCidr(parsed.base(), parsed.prefix(), nodePrefix);
    }

    /** How many node ranges fit. */
    int size() {
        return 1 << (nodePrefix - prefix);
    }

    /** The i-th node range, e.g. {@code 10.244.3.0/24}. */
    String nodeRange(int index) {
        return dotted(base + ((long) index << (32 - nodePrefix))) + "/" + nodePrefix;
    }

    /**
     * The node ranges {@code cidr} shares addresses with, as {@code [first, last]} indexes: one for a node
     * range, several for a wider range inside the cluster's, all of them for a range around it; empty when
     * it lies outside the cluster range or is no CIDR.
     */
    Optional<int[]> touched(String cidr) {
        return Cidr.parse(cidr).flatMap(c -> {
            int common = Math.min(prefix, c.prefix());
            if ((c.base() & mask(common)) != (base & mask(common))) {
                return Optional.empty();
            }
            if (c.prefix() <= prefix) {
                return Optional.of(new int[] {0, size() - 1});
            }
            int first = (int) ((c.base() - base) >>> (32 - nodePrefix));
            int count = c.prefix() >= nodePrefix ? 1 : 1 << (nodePrefix - c.prefix());
            return Optional.of(new int[] {first, first + count - 1});
        });
    }

    @Override
    public String toString() {
        return dotted(base) + "/" + prefix;
    }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    static String dotted(long address) {
        return (address >>> 24 & 255) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }

    /**
     * One IPv4 CIDR, its address cut to the prefix (as Go's ParseCIDR, which Kubernetes validates node ranges
     * with, accepts {@code 10.244.3.1/24} as {@code 10.244.3.0/24}).
     */
    record Cidr(long base, int prefix, boolean hostBits) {

        /** Parsed by hand: node ranges are read on every allocation scan, for every node, and regexes showed there. */
        static Optional<Cidr> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            String t = text.trim();
            int slash = t.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            int prefix = number(t, slash + 1, t.length(), 2);
            long address = 0;
            int start = 0;
            for (int octet = 0; octet < 4; octet++) {
                int end = octet < 3 ? t.indexOf('.', start) : slash;
                if (end < 0 || end > slash) {
                    return Optional.empty();
                }
                int value = number(t, start, end, 3);
                if (value < 0 || value > 255) {
                    return Optional.empty();
                }
                address = address << 8 | value;
                start = end + 1;
            }
            if (prefix < 0 || prefix > 32) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(address & mask(prefix), prefix, (address & ~mask(prefix) & 0xFFFFFFFFL) != 0));
        }

        /** The decimal number of 1 to {@code maxDigits} ASCII digits in {@code [from, to)}, else -1. */
        private static int number(String s, int from, int to, int maxDigits) {
            if (to <= from || to - from > maxDigits) {
                return -1;
            }
            int value = 0;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }
    }
}
