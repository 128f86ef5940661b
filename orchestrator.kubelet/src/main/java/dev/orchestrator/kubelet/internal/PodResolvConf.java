package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.SandboxConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's resolver settings (its {@code /etc/resolv.conf}), made as Kubernetes' kubelet makes them:
 * <ul>
 *   <li>{@code ClusterFirst} (the default): the cluster DNS servers, the search list
 *       {@code <ns>.svc.<domain> svc.<domain> <domain>} followed by the node's search domains, and
 *       {@code options ndots:5}. A host-network pod with ClusterFirst gets Default instead, as does every pod of a
 *       kubelet without {@code clusterDNS} (logged once);</li>
 *   <li>{@code ClusterFirstWithHostNet}: ClusterFirst, even for a host-network pod;</li>
 *   <li>{@code Default}: the node's resolv.conf ({@code resolvConf});</li>
 *   <li>{@code None}: nothing but the pod's {@code dnsConfig}.</li>
 * </ul>
 * Then {@code spec.dnsConfig} is merged in: its nameservers and searches are appended (duplicates dropped), its
 * options replace those of the same name. At most 3 nameservers and 32 search domains of 2048 characters in all
 * are kept, as the kubelet trims them. Thread-safe.
 */
final class PodResolvConf {

    private static final Logger LOG = LoggerFactory.getLogger(PodResolvConf.class);
    static final int MAX_NAMESERVERS = 3;
    static final int MAX_SEARCHES = 32;
    static final int MAX_SEARCH_CHARS = 2048;
    private static final List<String> CLUSTER_OPTIONS = List.of("ndots:5");

    private final PodDnsSettings settings;
    private final AtomicBoolean warnedNoClusterDns = new AtomicBoolean();

    PodResolvConf(PodDnsSettings settings) {
        this.settings = settings;
    }

    SandboxConfig.DnsConfig of(Pod pod) {
        var spec = pod.getSpec();
        String policy = spec.getDnsPolicy() == null || spec.getDnsPolicy().isEmpty() ? "ClusterFirst" : spec.getDnsPolicy();
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        Resolver base = switch (policy) {
            case "None" -> new Resolver(List.of(), List.of(), List.of());
            case "Default" -> host();
            case "ClusterFirstWithHostNet" -> cluster(pod);
            default -> hostNetwork ? host() : cluster(pod); // ClusterFirst; the API server admits no other value
        };
        Resolver merged = spec.getDnsConfig() == null ? base : base.merge(spec.getDnsConfig());
        return merged.fitted(pod).toDnsConfig();
    }

    private Resolver host() {
        HostResolvConf conf = settings.resolvConf().map(HostResolvConf::read).orElse(HostResolvConf.EMPTY);
        return new Resolver(conf.nameservers(), conf.searches(), conf.options());
    }

    private Resolver cluster(Pod pod) {
        Resolver host = host();
        if (settings.clusterDns().isEmpty()) {
            if (warnedNoClusterDns.compareAndSet(false, true)) {
                LOG.warn("kubelet has no clusterDNS: pods with dnsPolicy ClusterFirst get the node's resolver settings "
                        + "(Default) instead resolvConf={}", settings.resolvConf().map(Object::toString).orElse(""));
            }
            return host;
        }
        List<String> searches = new ArrayList<>();
        String domain = settings.clusterDomain();
        if (!domain.isEmpty()) {
            searches.add(pod.getMetadata().getNamespace() + ".svc." + domain);
            searches.add("svc." + domain);
            searches.add(domain);
        }
        searches.addAll(host.searches());
        return new Resolver(settings.clusterDns(), distinct(searches), CLUSTER_OPTIONS);
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    /** Resolver settings being assembled. */
    private record Resolver(List<String> nameservers, List<String> searches, List<String> options) {

        Resolver merge(PodDNSConfig pod) {
            List<String> servers = new ArrayList<>(nameservers);
            servers.addAll(pod.getNameservers() == null ? List.of() : pod.getNameservers());
            List<String> search = new ArrayList<>(searches);
            search.addAll(pod.getSearches() == null ? List.of() : pod.getSearches());
            return new Resolver(distinct(servers), distinct(search), mergeOptions(options, pod.getOptions()));
        }

        /** Options by name ({@code ndots:5} is named ndots); the pod's replace the base's, others keep their order. */
        private static List<String> mergeOptions(List<String> base, List<PodDNSConfigOption> pod) {
            Map<String, String> byName = new LinkedHashMap<>();
            for (String option : base) {
                int colon = option.indexOf(':');
                byName.put(colon < 0 ? option : option.substring(0, colon), colon < 0 ? "" : option.substring(colon));
            }
            for (PodDNSConfigOption o : pod == null ? List.<PodDNSConfigOption>of() : pod) {
                if (o.getName() != null && !o.getName().isEmpty()) {
                    byName.put(o.getName(), o.getValue() == null ? "" : ":" + o.getValue());
                }
            }
            List<String> merged = new ArrayList<>();
            byName.forEach((name, value) -> merged.add(name + value));
            return merged;
        }

        /** Within the resolver's limits (glibc reads 3 nameservers; the kubelet caps the search list). */
        Resolver fitted(Pod pod) {
            List<String> servers = nameservers;
            if (servers.size() > MAX_NAMESERVERS) {
                servers = servers.subList(0, MAX_NAMESERVERS);
                LOG.info("pod nameservers over the limit, extra ones omitted pod={}/{} applied={}",
                        pod.getMetadata().getNamespace(), pod.getMetadata().getName(), servers);
            }
            List<String> search = new ArrayList<>();
            int chars = -1;
            for (String s : searches) {
                if (search.size() == MAX_SEARCHES || chars + 1 + s.length() > MAX_SEARCH_CHARS) {
                    LOG.info("pod search domains over the limit, extra ones omitted pod={}/{} kept={} omitted={}",
                            pod.getMetadata().getNamespace(), pod.getMetadata().getName(), search.size(),
                            searches.size() - search.size());
                    break;
                }
                search.add(s);
                chars += 1 + s.length();
            }
            return new Resolver(servers, search, options);
        }

        SandboxConfig.DnsConfig toDnsConfig() {
            return new SandboxConfig.DnsConfig(nameservers, searches, options);
        }
    }
}
