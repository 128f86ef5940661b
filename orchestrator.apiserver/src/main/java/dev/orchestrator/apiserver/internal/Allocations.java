package dev.orchestrator.apiserver.internal;

import dev.orchestrator.api.store.KeyExistsException;
import dev.orchestrator.api.store.KeyNotFoundException;
import dev.orchestrator.api.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Service cluster IPs and node ports, each held as its own store key so that two API
 * servers (or a restarted one) can never hand out the same one twice.
 */
final class Allocations {

    private static final byte[] TAKEN = "1".getBytes(StandardCharsets.UTF_8);
    private static final String IP_PREFIX = "/registry/ranges/serviceips/";
    private static final String PORT_PREFIX = "/registry/ranges/servicenodeports/";

    private final Store store;
    private final long network;
    private final int hostBits;
    private final int nodePortMin;
    private final int nodePortMax;

    Allocations(Store store, String serviceCidr, int nodePortMin, int nodePortMax) {
        this.store = store;
        String[] parts = serviceCidr.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("service CIDR must look like 10.96.0.0/12, not " + serviceCidr);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("service CIDR prefix must be between /8 and /30: " + serviceCidr);
        }
        this.hostBits = 32 - prefix;
        this.network = ipv4(parts[0]) & ~((1L << hostBits) - 1);
        this.nodePortMin = nodePortMin;
        this.nodePortMax = nodePortMax;
    }

    /** The first address of the range, kept for the {@code kubernetes} service. */
    String firstAddress() {
        return text(network + 1);
    }

    String allocateClusterIp(String requested, String field) {
        if (requested != null) {
            long ip;
            try {
                ip = ipv4(requested);
            } catch (IllegalArgumentException e) {
                throw invalid(field, requested, "must be a valid IPv4 address");
            }
            if ((ip & ~((1L << hostBits) - 1)) != network || ip == network || ip == network + (1L << hostBits) - 1) {
                throw invalid(field, requested, "provided IP is not in the valid range. The range of valid IPs is "
                        + text(network) + "/" + (32 - hostBits));
            }
            if (!take(IP_PREFIX + requested)) {
                throw invalid(field, requested, "provided IP is already allocated");
            }
            return requested;
        }
        long size = (1L << hostBits) - 2;
        for (int attempt = 0; attempt < 256; attempt++) {
            long candidate = network + 2 + ThreadLocalRandom.current().nextLong(Math.max(1, size - 1));
            if (take(IP_PREFIX + text(candidate))) {
                return text(candidate);
            }
        }
        throw ApiException.internal("no free cluster IP found in " + text(network) + "/" + (32 - hostBits));
    }

    void releaseClusterIp(String ip) {
        release(IP_PREFIX + ip);
    }

    int allocateNodePort(int requested, String field) {
        if (requested != 0) {
            if (requested < nodePortMin || requested > nodePortMax) {
                throw invalid(field, Integer.toString(requested), "provided port is not in the valid range. The range of "
                        + "valid ports is " + nodePortMin + "-" + nodePortMax);
            }
            if (!take(PORT_PREFIX + requested)) {
                throw invalid(field, Integer.toString(requested), "provided port is already allocated");
            }
            return requested;
        }
        for (int attempt = 0; attempt < 512; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(nodePortMin, nodePortMax + 1);
            if (take(PORT_PREFIX + candidate)) {
                return candidate;
            }
        }
        throw ApiException.internal("no free node port found in " + nodePortMin + "-" + nodePortMax);
    }

    void releaseNodePort(int port) {
        release(PORT_PREFIX + port);
    }

    private boolean take(String key) {
        try {
            store.create(key, TAKEN);
            return true;
        } catch (KeyExistsException taken) {
            return false;
        }
    }

    private void release(String key) {
        try {
            store.delete(key, Store.ANY_REVISION);
        } catch (KeyNotFoundException alreadyFree) {
            // nothing to give back
        }
    }

    private static FieldInvalidException invalid(String field, String value, String message) {
        return new FieldInvalidException(field, value, message);
    }

    static long ipv4(String text) {
        String[] octets = text.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        long value = 0;
        for (String o : octets) {
            int b = Integer.parseInt(o);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value = value << 8 | b;
        }
        return value;
    }

    static String text(long ip) {
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }
}
