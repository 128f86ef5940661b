package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodHostsFileTest {

    private static Pod pod(String subdomain, boolean hostNetwork) {
        return new PodBuilder().withNewMetadata().withName("db-0").withNamespace("shop").withUid("u1").endMetadata()
                .withNewSpec().withHostname("db-0").withSubdomain(subdomain).withHostNetwork(hostNetwork)
                    .addNewHostAlias().withIp("10.1.2.3").withHostnames("api.local", "api").endHostAlias()
                    .addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().build();
    }

    @Test
    void aPodIsNamedByItsAddressAndAliasesFollow() {
        String hosts = PodHostsFile.content(pod("db", false), List.of("10.244.0.7"), "cluster.local");
        assertTrue(hosts.startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"), hosts);
        assertTrue(hosts.contains("\n10.244.0.7\tdb-0.db.shop.svc.cluster.local\tdb-0\n"), hosts);
        assertTrue(hosts.endsWith("\n# Entries added by HostAliases.\n10.1.2.3\tapi.local\tapi\n"), hosts);
        assertTrue(PodHostsFile.content(pod(null, false), List.of("10.244.0.7"), "cluster.local")
                .contains("\n10.244.0.7\tdb-0\n"));
    }

    @Test
    void theFileIsMountedUnlessTheContainerMountsItsOwn(@TempDir Path dir) throws Exception {
        Path node = Files.writeString(dir.resolve("node-hosts"), "127.0.0.1\tlocalhost\n192.168.1.1\tgateway\n");
        PodHostsFile hosts = new PodHostsFile(dir.resolve("pods"), "cluster.local", node);
        Pod pod = pod("db", false);
        Container plain = pod.getSpec().getContainers().get(0);
        var mount = hosts.mountFor(pod, plain, List.of("10.244.0.7")).orElseThrow();
        assertEquals("/etc/hosts", mount.containerPath());
        assertEquals(PodHostsFile.content(pod, List.of("10.244.0.7"), "cluster.local"),
                Files.readString(Path.of(mount.hostPath())));
        Container own = new ContainerBuilder(plain).addNewVolumeMount().withName("v").withMountPath("/etc/hosts")
                .endVolumeMount().build();
        assertTrue(hosts.mountFor(pod, own, List.of("10.244.0.7")).isEmpty());
        // a host-network pod sees the node's file and its aliases
        var host = hosts.mountFor(pod("", true), plain, List.of("192.168.1.5")).orElseThrow();
        assertTrue(Files.readString(Path.of(host.hostPath())).startsWith("127.0.0.1\tlocalhost\n192.168.1.1\tgateway\n"
                + "\n# Entries added by HostAliases.\n"));
    }
}
