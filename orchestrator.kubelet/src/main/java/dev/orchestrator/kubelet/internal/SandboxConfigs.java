package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.SandboxConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The runtime's sandbox configuration for a pod: hostname, log directory, cgroup, host ports, labels, resolv.conf. */
final class SandboxConfigs {

    private final NodeSettings settings;
    private final ContainerConfigs containers;
    private final PodResolvConf dns;

    SandboxConfigs(NodeSettings settings, ContainerConfigs containers) {
        this.settings = settings;
        this.containers = containers;
        this.dns = new PodResolvConf(settings.dns());
    }

    SandboxConfig build(Pod pod, int attempt) {
        var meta = pod.getMetadata();
        var spec = pod.getSpec();
        String hostname = hostname(pod);
        List<SandboxConfig.PortMapping> ports = new ArrayList<>();
        for (Container c : spec.getContainers()) {
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    ports.add(new SandboxConfig.PortMapping(p.getProtocol() == null ? "TCP" : p.getProtocol(),
                            p.getContainerPort(), p.getHostPort(), p.getHostIP() == null ? "" : p.getHostIP()));
                }
            }
        }
        String cgroup = settings.cgroupParent().isEmpty() ? "" : settings.cgroupParent() + "/pod" + meta.getUid();
        long grace = spec.getTerminationGracePeriodSeconds() == null ? 30 : spec.getTerminationGracePeriodSeconds();
        return new SandboxConfig(meta.getName(), meta.getNamespace(), meta.getUid(), attempt, hostname,
                logDirectory(pod).toString(), containers.podLabels(pod), Map.of(RuntimeLabels.GRACE, Long.toString(grace)),
                ports, cgroup, Boolean.TRUE.equals(spec.getHostNetwork()), privileged(pod), dns.of(pod), "");
    }

    /**
     * The pod's hostname: {@code spec.hostname}, else its name, cut to 63 characters. None for a host-network pod,
     * as Kubernetes' kubelet: it shares the node's UTS namespace, and containerd's runc refuses to set a hostname
     * there ("unable to set hostname without a private UTS namespace").
     */
    static String hostname(Pod pod) {
        var spec = pod.getSpec();
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            return "";
        }
        String hostname = spec.getHostname() != null && !spec.getHostname().isEmpty() ? spec.getHostname()
                : pod.getMetadata().getName();
        return hostname.length() <= 63 ? hostname : hostname.substring(0, 63).replaceAll("[-.]+$", "");
    }

    private static boolean privileged(Pod pod) {
        return java.util.stream.Stream.concat(pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
                .anyMatch(c -> c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged()));
    }

    /** Kubernetes' layout: {@code <logs>/<namespace>_<name>_<uid>/<container>/<restart>.log}. */
    Path logDirectory(Pod pod) {
        var meta = pod.getMetadata();
        return logDirectory(meta.getNamespace(), meta.getName(), meta.getUid());
    }

    Path logDirectory(String namespace, String name, String uid) {
        return settings.podLogsDir().resolve(namespace + "_" + name + "_" + uid);
    }

    /** Removes a pod's logs once the pod is gone (as Kubernetes does). */
    void removeLogs(String namespace, String name, String uid) {
        Path dir = logDirectory(namespace, name, uid);
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(SandboxConfigs.class).warn("pod logs not removed dir={} error={}", dir, e.toString());
        }
    }
}
