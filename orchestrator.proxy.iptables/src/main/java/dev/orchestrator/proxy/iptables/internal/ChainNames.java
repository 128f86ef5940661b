package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names of the chains this proxy owns, and the test of whether a chain found in the kernel
 * is one of them. Per-service and per-endpoint names carry a hash of what they stand for, so
 * that they are the same in every instance of the proxy (an updated bundle finds its
 * predecessor's chains under the names it would give them itself).
 *
 * <p>Only the fixed names below and {@code <prefix>-SVC|SEP|EXT-<hash>} are owned: a chain that
 * merely starts with the prefix (like {@code ORCH-FORWARD}, which another component writes) is
 * never touched.
 */
final class ChainNames {

    /** iptables refuses longer chain names. */
    static final int MAX_LENGTH = 28;
    private static final int MAX_HASH = 16;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final String prefix;
    private final int hashLength;
    private final Pattern hashed;
    private final Set<String> fixed;

    ChainNames(String prefix) {
        this.prefix = prefix;
        this.hashLength = Math.min(MAX_HASH, MAX_LENGTH - prefix.length() - "-SVC-".length());
        this.hashed = Pattern.compile(Pattern.quote(prefix) + "-(SVC|SEP|EXT)-[A-Z2-7]{" + hashLength + "}");
        this.fixed = Set.of(services(), nodePorts(), postrouting(), markMasq(), masqNonCluster());
    }

    /** Entry chain of all service traffic, in nat (from PREROUTING and OUTPUT) and filter (INPUT, FORWARD, OUTPUT). */
    String services() {
        return prefix + "-SERVICES";
    }

    /** Node ports, entered from {@link #services()} for each node address. */
    String nodePorts() {
        return prefix + "-NODEPORTS";
    }

    /** Masquerades marked packets, from nat POSTROUTING. */
    String postrouting() {
        return prefix + "-POSTROUTING";
    }

    /** Marks a packet for masquerading. */
    String markMasq() {
        return prefix + "-MARK-MASQ";
    }

    /** Marks a packet for masquerading unless its source is in a cluster CIDR. */
    String masqNonCluster() {
        return prefix + "-MASQ-NONCLUSTER";
    }

    /** Balances the virtual IP's traffic of one service port over its internal endpoints. */
    String service(PortKey key) {
        return prefix + "-SVC-" + hash(key.toString());
    }

    /** Balances node-port and external-IP traffic of one service port over its external endpoints. */
    String external(PortKey key) {
        return prefix + "-EXT-" + hash(key.toString());
    }

    /** DNAT to one endpoint of one service port. */
    String endpoint(PortKey key, Endpoint endpoint) {
        return prefix + "-SEP-" + hash(key + " " + endpoint.ip() + ":" + endpoint.port());
    }

    /** Whether this proxy owns a chain of this name. */
    boolean owns(String chain) {
        return fixed.contains(chain) || hashed.matcher(chain).matches();
    }

    private String hash(String text) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        StringBuilder out = new StringBuilder(hashLength);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; out.length() < hashLength; i++) {
            buffer = (buffer << 8) | (digest[i] & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < hashLength) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
