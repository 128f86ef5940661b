package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The {@code /etc/hosts} each container of a pod sees, written by the kubelet as Kubernetes' kubelet writes it: the
 * loopback names, the pod's own address under its hostname (and its fully qualified name under its subdomain, the
 * name a StatefulSet's pods answer to), and the pod's {@code hostAliases}. A host-network pod sees the node's file
 * with its aliases added. Without it a container would see whatever file the runtime supplies (the node's own,
 * naming the node's hosts, and no name for the pod itself). A container that mounts a volume at /etc/hosts keeps it.
 */
final class PodHostsFile {

    static final String PATH_IN_CONTAINER = "/etc/hosts";

    /** Not a volume name (those are DNS labels), so it never meets a volume's directory. */
    private static final String FILE_NAME = ".etc-hosts";

    private final Path podsRoot;
    private final String clusterDomain;
    private final Path nodeHosts;

    /**
     * @param podsRoot the directory of per-pod directories (the volumes'), removed with the pod
     * @param nodeHosts the node's hosts file, for host-network pods
     */
    PodHostsFile(Path podsRoot, String clusterDomain, Path nodeHosts) {
        this.podsRoot = podsRoot;
        this.clusterDomain = clusterDomain;
        this.nodeHosts = nodeHosts;
    }

    /** The mount of the pod's hosts file for this container (written first when missing or changed), if it gets one. */
    Optional<ContainerConfig.Mount> mountFor(Pod pod, Container container, List<String> podIps) throws IOException {
        if (container.getVolumeMounts().stream().anyMatch(m -> PATH_IN_CONTAINER.equals(m.getMountPath()))) {
            return Optional.empty();
        }
        Path file = podsRoot.resolve(pod.getMetadata().getUid()).resolve(FILE_NAME);
        String content = Boolean.TRUE.equals(pod.getSpec().getHostNetwork())
                ? nodeFile() + aliases(pod) : content(pod, podIps, clusterDomain);
        writeIfChanged(file, content);
        return Optional.of(new ContainerConfig.Mount(PATH_IN_CONTAINER, file.toString(), false));
    }

    static String content(Pod pod, List<String> podIps, String clusterDomain) {
        StringBuilder out = new StringBuilder("# Kubernetes-managed hosts file.\n")
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\n")
                .append("fe00::0\tip6-mcastprefix\n")
                .append("fe00::1\tip6-allnodes\n")
                .append("fe00::2\tip6-allrouters\n");
        String hostname = SandboxConfigs.hostname(pod);
        String subdomain = pod.getSpec().getSubdomain();
        for (String ip : podIps) {
            out.append(ip).append('\t');
            if (subdomain != null && !subdomain.isEmpty() && !clusterDomain.isEmpty()) {
                out.append(hostname).append('.').append(subdomain).append('.').append(pod.getMetadata().getNamespace())
                        .append(".svc.").append(clusterDomain).append('\t');
            }
            out.append(hostname).append('\n');
        }
        return out + aliases(pod);
    }

    private static String aliases(Pod pod) {
        List<HostAlias> aliases = pod.getSpec().getHostAliases();
        if (aliases == null || aliases.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n# Entries added by HostAliases.\n");
        for (HostAlias alias : aliases) {
            out.append(alias.getIp()).append('\t').append(String.join("\t", alias.getHostnames())).append('\n');
        }
        return out.toString();
    }

    private String nodeFile() throws IOException {
        return Files.isReadable(nodeHosts) ? Files.readString(nodeHosts, StandardCharsets.UTF_8) : "";
    }

    /** Replaces the file only when its content changes, so running containers keep seeing the file they mounted. */
    private static void writeIfChanged(Path file, String content) throws IOException {
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
