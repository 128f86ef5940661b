package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The chains of one service port with {@code sessionAffinity: ClientIP}, for one kind of traffic
 * (to the virtual IP, or to node ports and external IPs): the rare feature that gets chains of
 * its own. Each endpoint has a dynamic set of the clients it served, with the affinity timeout;
 * a known client goes back to its endpoint (and its timeout starts again), a new one is balanced
 * at random and remembered.
 *
 * <p>Names are hashes: the group's of its service port and kind, an endpoint's of its address,
 * port, protocol and timeout, so an endpoint that stays keeps its set (its clients) across syncs,
 * and a changed timeout makes new sets (a set's timeout is fixed when it is created).
 */
record AffinityGroup(String chain, Protocol protocol, int timeoutSeconds, MasqueradePolicy policy,
                     List<Backend> backends) {

    AffinityGroup {
        backends = List.copyOf(backends);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("an affinity group needs an endpoint");
        }
    }

    /** The group of {@code key}'s traffic of the given kind ({@code "internal"} or {@code "external"}). */
    static AffinityGroup of(PortKey key, String kind, int timeoutSeconds, MasqueradePolicy policy,
                            List<Backend> backends) {
        return new AffinityGroup("aff-" + hash(key + "|" + kind, 6), key.protocol(), timeoutSeconds, policy,
                backends);
    }

    /** The name of {@code backend}'s chain, which is also the name of its set of clients. */
    String endpointChain(Backend backend) {
        return chain + "-" + hash(backend.dnatTarget() + "/" + protocol.keyword() + "/" + timeoutSeconds, 4);
    }

    List<String> endpointChains() {
        return backends.stream().map(this::endpointChain).toList();
    }

    /** Declaration of an endpoint's set of clients. */
    String setSpec() {
        return "type ipv4_addr; flags dynamic,timeout; timeout " + timeoutSeconds + "s;";
    }

    /** The rule of {@code backend}'s chain: remember (or refresh) the client, then DNAT. */
    String endpointRule(Backend backend) {
        return "update @" + endpointChain(backend) + " { ip saddr } meta l4proto " + protocol.keyword()
                + " dnat to " + backend.dnatTarget();
    }

    /** The rules of the group's chain: mark, known clients to their endpoint, others at random. */
    List<String> rules(int masqueradeMark) {
        List<String> rules = new ArrayList<>(backends.size() + 2);
        String mark = policy.markRule(masqueradeMark);
        if (mark != null) {
            rules.add(mark);
        }
        for (Backend backend : backends) {
            String name = endpointChain(backend);
            rules.add("ip saddr @" + name + " goto " + name);
        }
        StringBuilder pick = new StringBuilder("numgen random mod ").append(backends.size()).append(" vmap { ");
        for (int i = 0; i < backends.size(); i++) {
            pick.append(i == 0 ? "" : ", ").append(i).append(" : goto ").append(endpointChain(backends.get(i)));
        }
        rules.add(pick.append(" }").toString());
        return rules;
    }

    private static String hash(String text, int bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
