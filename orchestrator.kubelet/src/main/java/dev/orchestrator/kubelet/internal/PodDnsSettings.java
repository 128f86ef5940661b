package dev.orchestrator.kubelet.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kubelet's DNS settings for its pods (Kubernetes' {@code clusterDNS}, {@code clusterDomain} and
 * {@code resolvConf}), resolved once at activation.
 *
 * @param clusterDns the cluster DNS servers that ClusterFirst pods use; empty: there is none, and such pods get the
 *        node's resolver settings (Default) instead
 * @param clusterDomain the cluster domain of the search list ({@code <ns>.svc.<domain>} ...); empty: no cluster
 *        search domains
 * @param resolvConf the node's resolver file that Default pods copy and ClusterFirst pods take their host search
 *        domains from; empty: none (no host settings at all)
 */
record PodDnsSettings(List<String> clusterDns, String clusterDomain, Optional<Path> resolvConf) {

    /** Hollow nodes: their simulated pods resolve nothing, so no file is read for them. */
    static final PodDnsSettings NONE = new PodDnsSettings(List.of(), "", Optional.empty());

    PodDnsSettings {
        clusterDns = List.copyOf(clusterDns);
    }

    static PodDnsSettings of(String clusterDns, String clusterDomain, String resolvConf) {
        List<String> servers = new ArrayList<>();
        for (String s : clusterDns.split(",")) {
            String ip = s.trim();
            if (ip.isEmpty()) {
                continue;
            }
            if (!isIpv4(ip) && !ip.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("clusterDNS must list IP addresses, not '" + ip + "'");
            }
            servers.add(ip);
        }
        String domain = clusterDomain.trim().toLowerCase(Locale.ROOT);
        while (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return new PodDnsSettings(servers, domain,
                resolvConf.isBlank() ? Optional.empty() : Optional.of(Path.of(resolvConf.trim())));
    }

    private static boolean isIpv4(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
