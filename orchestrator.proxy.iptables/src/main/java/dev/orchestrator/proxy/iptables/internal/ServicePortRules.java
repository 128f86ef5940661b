package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders one service port into {@link PortRules}:
 * <pre>
 * SERVICES  -d VIP -p P --dport port        -j SVC-x   (REJECT/DROP in filter when no endpoint)
 * SERVICES  -d externalIP -p P --dport port -j EXT-x
 * NODEPORTS -p P --dport nodePort           -j EXT-x
 * SVC-x  [affinity], random balancing over internal endpoints -j SEP-e
 * EXT-x  -j MARK-MASQ (from loopback only when nodeLocal), [affinity], balancing over external endpoints
 * SEP-e  -s e -j MARK-MASQ (hairpin), -p P [-m recent --set] -j DNAT --to-destination e:port
 * </pre>
 * Traffic to a virtual IP from outside the cluster CIDRs is marked for masquerading once, at the head of
 * the nat services chain ({@link TopLevelRules}), not in each service chain.
 *
 * <p>The nat rules carry no {@code -m comment}, the filter rules do. With the nf_tables backend every
 * commit that adds a rule to a table makes the kernel walk every rule reachable from the table's
 * base chains (nft_table_validate, once per base chain: PREROUTING and OUTPUT both reach all of
 * this), and each comment is one more xtables match to validate on that walk. At 10,000 services
 * x 2 endpoints the comments and the per-service masquerade jump were 40% of that walk (an
 * endpoint change: 67-75 ms of CPU in iptables-restore with them, 40-50 ms without). The virtual
 * IP in the services chain and the filter rules' comments still tell which service a chain is.
 */
final class ServicePortRules {

    // Addresses go into rule text unquoted: anything but digits and dots could inject options.
    // What is left (10.0.0.300) is for iptables-restore to refuse.
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]{1,15}");
    private static final Pattern CIDR_LIKE = Pattern.compile("[0-9.]{1,15}(/[0-9]{1,2})?");
    private static final Pattern UNSAFE_COMMENT = Pattern.compile("[^A-Za-z0-9._:/-]");

    private final ChainNames names;

    ServicePortRules(ChainNames names) {
        this.names = names;
    }

    PortRules render(ServicePort sp) {
        Rendering r = new Rendering(sp);
        r.clusterIp();
        r.externalIps();
        r.nodePort();
        r.externalChain();
        r.endpointChains();
        return new PortRules(r.chains, r.natServices, r.natNodePorts, r.filterServices, r.filterNodePorts);
    }

    /** The rules of one service port, filled in part by part. */
    private final class Rendering {

        final ServicePort sp;
        final String comment;
        final String match;
        final String svc;
        final String ext;
        final boolean externalEmpty;
        final Map<String, List<String>> chains = new LinkedHashMap<>();
        final List<String> natServices = new ArrayList<>();
        final List<String> natNodePorts = new ArrayList<>();
        final List<String> filterServices = new ArrayList<>();
        final List<String> filterNodePorts = new ArrayList<>();

        Rendering(ServicePort sp) {
            this.sp = sp;
            this.comment = comment(sp.key().toString());
            this.match = "-p " + sp.key().protocol().keyword() + " --dport ";
            this.svc = names.service(sp.key());
            this.ext = names.external(sp.key());
            this.externalEmpty = sp.external().endpoints().isEmpty();
        }

        void clusterIp() {
            if (sp.clusterIp().isBlank()) {
                return;
            }
            String vip = "-d " + address(sp.clusterIp()) + "/32 " + match + port(sp.port());
            if (sp.internal().endpoints().isEmpty()) {
                filterServices.add(vip + comment(comment, "cluster IP has no endpoints") + refuse(sp, sp.internal()));
                return;
            }
            natServices.add(vip + " -j " + svc);
            List<String> rules = new ArrayList<>();
            balance(sp, sp.internal(), rules);
            chains.put(svc, rules);
        }

        void externalIps() {
            for (String ip : sp.externalIps()) {
                String rule = "-d " + address(ip) + "/32 " + match + port(sp.port());
                if (externalEmpty) {
                    filterServices.add(rule + comment(comment, "external IP has no endpoints")
                            + refuse(sp, sp.external()));
                } else {
                    natServices.add(rule + " -j " + ext);
                }
            }
        }

        void nodePort() {
            if (sp.nodePort() <= 0) {
                return;
            }
            String rule = match + port(sp.nodePort());
            if (externalEmpty) {
                filterNodePorts.add(rule + comment(comment, "node port has no endpoints") + refuse(sp, sp.external()));
            } else {
                natNodePorts.add(rule + " -j " + ext);
            }
        }

        void externalChain() {
            boolean hasExternal = sp.nodePort() > 0 || !sp.externalIps().isEmpty();
            if (!hasExternal || externalEmpty) {
                return;
            }
            List<String> rules = new ArrayList<>();
            // Node-port and external traffic is masqueraded so that replies come back through this
            // node; with a Local policy the client address is kept, except from loopback, which no
            // pod could answer.
            rules.add((sp.external().nodeLocal() ? "-s 127.0.0.0/8 " : "") + "-j " + names.markMasq());
            balance(sp, sp.external(), rules);
            chains.put(ext, rules);
        }

        /** One chain per endpoint that the service or external chain leads to. */
        void endpointChains() {
            List<Endpoint> targets = new ArrayList<>();
            if (chains.containsKey(svc)) {
                targets.addAll(sp.internal().endpoints());
            }
            if (chains.containsKey(ext)) {
                targets.addAll(sp.external().endpoints());
            }
            for (Endpoint e : unique(targets)) {
                chains.computeIfAbsent(names.endpoint(sp.key(), e), sep -> endpointRules(sp, e, sep));
            }
        }
    }

    private void balance(ServicePort sp, Destinations destinations, List<String> rules) {
        List<Endpoint> endpoints = unique(destinations.endpoints());
        if (sp.affinitySeconds() > 0) {
            for (Endpoint e : endpoints) {
                String sep = names.endpoint(sp.key(), e);
                rules.add("-m recent --name " + sep + " --rcheck --seconds " + sp.affinitySeconds() + " --reap -j " + sep);
            }
        }
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            String sep = names.endpoint(sp.key(), endpoints.get(i));
            if (i == n - 1) {
                rules.add("-j " + sep);
            } else {
                rules.add("-m statistic --mode random --probability " + probability(n - i) + " -j " + sep);
            }
        }
    }

    /**
     * 1/k with ten decimals, as iptables-save prints it back; k is at least 2. Written by hand
     * because String.format costs more than the rest of a service port's rendering.
     */
    static String probability(int k) {
        long tenBillionths = Math.round(1e10 / k);
        String digits = Long.toString(tenBillionths);
        return "0." + "0".repeat(10 - digits.length()) + digits;
    }

    private List<String> endpointRules(ServicePort sp, Endpoint e, String sep) {
        String ip = address(e.ip());
        String recent = sp.affinitySeconds() > 0 ? " -m recent --name " + sep + " --set" : "";
        return List.of(
                // Hairpin: a pod reaching itself through the service must see another source address.
                "-s " + ip + "/32 -j " + names.markMasq(),
                "-p " + sp.key().protocol().keyword() + recent
                        + " -j DNAT --to-destination " + ip + ":" + port(e.port()));
    }

    /** REJECT (connection refused at once) when no endpoint exists anywhere, DROP under a Local policy. */
    private static String refuse(ServicePort sp, Destinations destinations) {
        if (destinations.nodeLocal()) {
            return " -j DROP";
        }
        return sp.key().protocol() == Protocol.TCP
                ? " -j REJECT --reject-with tcp-reset"
                : " -j REJECT --reject-with icmp-port-unreachable";
    }

    private static List<Endpoint> unique(List<Endpoint> endpoints) {
        Map<String, Endpoint> byTarget = new LinkedHashMap<>();
        endpoints.forEach(e -> byTarget.putIfAbsent(e.ip() + ":" + e.port(), e));
        return List.copyOf(byTarget.values());
    }

    static String address(String ip) {
        if (ip == null || !IPV4_LIKE.matcher(ip).matches()) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        return ip;
    }

    static String cidr(String cidr) {
        if (cidr == null || !CIDR_LIKE.matcher(cidr).matches()) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
        }
        return cidr;
    }

    private static String port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        return Integer.toString(port);
    }

    static String comment(String text) {
        return UNSAFE_COMMENT.matcher(text).replaceAll("_");
    }

    private static String comment(String key, String what) {
        return " -m comment --comment \"" + key + " " + what + "\"";
    }
}
