package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.api.runtime.SandboxConfig.DnsConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigOptionBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodResolvConfTest {

    private static final List<String> HOST_SERVERS = List.of("10.255.255.53", "10.255.255.54");
    private static final List<String> HOST_SEARCHES = List.of("corp.example", "lab.example");
    private static final List<String> HOST_OPTIONS = List.of("timeout:2", "attempts:3");
    private static final List<String> CLUSTER_SEARCHES = List.of("shop.svc.cluster.local", "svc.cluster.local",
            "cluster.local", "corp.example", "lab.example");

    @TempDir
    Path dir;
    private Path resolvConf;
    private PodResolvConf dns;

    @BeforeEach
    void nodeWithClusterDns() throws Exception {
        resolvConf = dir.resolve("resolv.conf");
        Files.writeString(resolvConf, """
                # the node's resolver
                nameserver 10.255.255.53
                ; a second one
                nameserver 10.255.255.54
                domain ignored.example
                search old.example
                search corp.example. lab.example
                options timeout:2
                options attempts:3
                """);
        dns = new PodResolvConf(PodDnsSettings.of("10.244.0.1", "cluster.local.", resolvConf.toString()));
    }

    private static Pod pod(String policy, boolean hostNetwork, PodDNSConfig config) {
        return new PodBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata().withNewSpec()
                .withDnsPolicy(policy).withHostNetwork(hostNetwork).withDnsConfig(config).endSpec().build();
    }

    @Test
    void clusterFirstUsesTheClusterDnsWithTheClusterSearchListAndNdots5() {
        DnsConfig expected = new DnsConfig(List.of("10.244.0.1"), CLUSTER_SEARCHES, List.of("ndots:5"));
        assertEquals(expected, dns.of(pod("ClusterFirst", false, null)));
        assertEquals(expected, dns.of(pod(null, false, null)), "ClusterFirst is the default");
        assertEquals(expected, dns.of(pod("ClusterFirstWithHostNet", true, null)));
        assertEquals(expected, dns.of(pod("ClusterFirstWithHostNet", false, null)));
    }

    @Test
    void defaultAndHostNetworkClusterFirstCopyTheNode() {
        DnsConfig host = new DnsConfig(HOST_SERVERS, HOST_SEARCHES, HOST_OPTIONS);
        assertEquals(host, dns.of(pod("Default", false, null)));
        assertEquals(host, dns.of(pod("ClusterFirst", true, null)));
    }

    @Test
    void noneIsThePodsDnsConfigAlone() {
        PodDNSConfig config = new PodDNSConfigBuilder().withNameservers("192.0.2.1").withSearches("a.example")
                .withOptions(new PodDNSConfigOptionBuilder().withName("ndots").withValue("2").build()).build();
        assertEquals(new DnsConfig(List.of("192.0.2.1"), List.of("a.example"), List.of("ndots:2")),
                dns.of(pod("None", false, config)));
    }

    @Test
    void thePodsDnsConfigIsAppendedWithoutDuplicatesAndItsOptionsWin() {
        PodDNSConfig config = new PodDNSConfigBuilder().withNameservers("10.244.0.1", "192.0.2.9")
                .withSearches("svc.cluster.local", "x.example")
                .withOptions(new PodDNSConfigOptionBuilder().withName("ndots").withValue("2").build(),
                        new PodDNSConfigOptionBuilder().withName("edns0").build()).build();
        List<String> searches = new java.util.ArrayList<>(CLUSTER_SEARCHES);
        searches.add("x.example");
        assertEquals(new DnsConfig(List.of("10.244.0.1", "192.0.2.9"), searches, List.of("ndots:2", "edns0")),
                dns.of(pod("ClusterFirst", false, config)));
    }

    @Test
    void withoutClusterDnsClusterFirstPodsGetTheNodesSettings() {
        PodResolvConf noCluster = new PodResolvConf(PodDnsSettings.of("", "cluster.local", resolvConf.toString()));
        assertEquals(new DnsConfig(HOST_SERVERS, HOST_SEARCHES, HOST_OPTIONS), noCluster.of(pod("ClusterFirst", false, null)));
    }

    @Test
    void withoutAResolvConfDefaultLeavesTheRuntimesDefault() {
        PodResolvConf none = new PodResolvConf(PodDnsSettings.of("10.244.0.1", "cluster.local", ""));
        assertEquals(DnsConfig.none(), none.of(pod("Default", false, null)));
        PodResolvConf missing = new PodResolvConf(PodDnsSettings.of("10.244.0.1", "cluster.local",
                dir.resolve("absent").toString()));
        assertEquals(DnsConfig.none(), missing.of(pod("Default", false, null)));
        assertEquals(DnsConfig.none(), new PodResolvConf(PodDnsSettings.NONE).of(pod("ClusterFirst", false, null)));
    }

    @Test
    void nameserversAndSearchesAreCutToTheResolversLimits() {
        PodDNSConfig config = new PodDNSConfigBuilder().withNameservers("192.0.2.1", "192.0.2.2", "192.0.2.3")
                .withSearches(IntStream.range(0, 40).mapToObj(i -> "s" + i + ".example").toList()).build();
        DnsConfig fitted = dns.of(pod("ClusterFirst", false, config));
        assertEquals(List.of("10.244.0.1", "192.0.2.1", "192.0.2.2"), fitted.servers());
        assertEquals(32, fitted.searches().size());

        String label = "a".repeat(60);
        String longName = String.join(".", label, label, label, label) + ".example"; // 252 characters
        PodDNSConfig longOnes = new PodDNSConfigBuilder().withNameservers("192.0.2.1")
                .withSearches(IntStream.range(0, 10).mapToObj(i -> i + longName).toList()).build();
        List<String> kept = dns.of(pod("None", false, longOnes)).searches();
        assertEquals(8, kept.size(), "8 of 253 characters and their spaces fit in 2048");
        assertEquals(true, String.join(" ", kept).length() <= PodResolvConf.MAX_SEARCH_CHARS);
    }

    @Test
    void clusterDnsMustListAddresses() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PodDnsSettings.of("dns.example", "cluster.local", ""));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PodDnsSettings.of("10.244.0", "cluster.local", ""));
        assertEquals(List.of("fd00::a"), PodDnsSettings.of("fd00::a", "cluster.local", "").clusterDns());
        assertEquals(List.of("10.244.0.1", "10.244.1.1"), PodDnsSettings.of(" 10.244.0.1, 10.244.1.1 ,", "x", "").clusterDns());
    }
}
