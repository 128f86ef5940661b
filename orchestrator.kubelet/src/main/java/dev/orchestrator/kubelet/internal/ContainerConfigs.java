package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerConfig.EnvVar;
import dev.orchestrator.kubelet.internal.volumes.ContainerMounts;
import dev.orchestrator.kubelet.internal.volumes.VolumeSetupException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Turns a pod's container spec into the runtime's container configuration: expanded command and
 * arguments, environment, volume mounts, resource limits (CPU shares/quota, memory), security
 * settings, the log path, and the labels that let a later kubelet recognise the container.
 */
final class ContainerConfigs {

    static final long CPU_PERIOD_MICROS = 100_000;
    private static final long MIN_SHARES = 2;

    private final String node;
    private final ContainerMounts mounts;
    private final PodHostsFile hosts;

    ContainerConfigs(String node, ContainerMounts mounts, PodHostsFile hosts) {
        this.node = node;
        this.mounts = mounts;
        this.hosts = hosts;
    }

    /** @param podIps the sandbox's addresses (named in the pod's /etc/hosts) */
    ContainerConfig build(Pod pod, Container c, int attempt, List<EnvVar> env, boolean init, List<String> podIps)
            throws ContainerConfigException {
        Map<String, String> vars = new LinkedHashMap<>();
        env.forEach(e -> vars.put(e.name(), e.value()));
        List<ContainerConfig.Mount> volumeMounts;
        try {
            volumeMounts = new ArrayList<>(mounts.of(pod, c, s -> EnvResolver.expand(s, vars)));
            hosts.mountFor(pod, c, podIps).ifPresent(volumeMounts::add);
        } catch (VolumeSetupException e) {
            throw new ContainerConfigException(e.getMessage());
        } catch (java.io.IOException e) {
            throw new ContainerConfigException("cannot write the pod's hosts file: " + e.getMessage());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(RuntimeLabels.CONTAINER_HASH, hash(c));
        annotations.put(RuntimeLabels.INIT, Boolean.toString(init));
        return new ContainerConfig(c.getName(), attempt, c.getImage(), expand(c.getCommand(), vars),
                expand(c.getArgs(), vars), c.getWorkingDir() == null ? "" : c.getWorkingDir(), env, volumeMounts,
                labels(pod, c.getName()), annotations, c.getName() + "/" + attempt + ".log",
                Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getTty()), resources(c), security(pod, c),
                Boolean.TRUE.equals(c.getStdinOnce()));
    }

    Map<String, String> labels(Pod pod, String containerName) {
        Map<String, String> labels = new LinkedHashMap<>(podLabels(pod));
        labels.put(RuntimeLabels.CONTAINER_NAME, containerName);
        return labels;
    }

    Map<String, String> podLabels(Pod pod) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(RuntimeLabels.POD_NAME, pod.getMetadata().getName());
        labels.put(RuntimeLabels.POD_NAMESPACE, pod.getMetadata().getNamespace());
        labels.put(RuntimeLabels.POD_UID, pod.getMetadata().getUid());
        labels.put(RuntimeLabels.NODE, node);
        return labels;
    }

    private static List<String> expand(List<String> values, Map<String, String> vars) {
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(EnvResolver.expand(v, vars)));
        return out;
    }

    static ContainerConfig.Resources resources(Container c) {
        Map<String, Quantity> requests = c.getResources() == null || c.getResources().getRequests() == null
                ? Map.of() : c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null
                ? Map.of() : c.getResources().getLimits();
        Quantity cpuRequest = requests.getOrDefault("cpu", limits.get("cpu"));
        long shares = cpuRequest == null ? MIN_SHARES : Math.max(MIN_SHARES, Quantities.millis(cpuRequest) * 1024 / 1000);
        long quota = 0;
        long period = 0;
        if (limits.containsKey("cpu")) {
            period = CPU_PERIOD_MICROS;
            quota = Math.max(1000, Quantities.millis(limits.get("cpu")) * CPU_PERIOD_MICROS / 1000);
        }
        long memory = limits.containsKey("memory") ? Quantities.units(limits.get("memory")) : 0;
        return new ContainerConfig.Resources(shares, quota, period, memory);
    }

    private static ContainerConfig.Security security(Pod pod, Container c) {
        SecurityContext sc = c.getSecurityContext();
        var podSc = pod.getSpec().getSecurityContext();
        Long user = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser()
                : podSc != null ? podSc.getRunAsUser() : null;
        return new ContainerConfig.Security(user == null ? OptionalLong.empty() : OptionalLong.of(user),
                sc != null && Boolean.TRUE.equals(sc.getPrivileged()),
                sc != null && Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()));
    }

    /**
     * A hash of what, when changed, requires a new container (Kubernetes restarts a container whose
     * spec changed, e.g. its image). Built from the fields themselves, not a serialization, so that
     * a kubelet of another version computes the same value and adopts the container.
     */
    static String hash(Container c) {
        StringBuilder b = new StringBuilder();
        b.append(c.getName()).append('\u0000').append(c.getImage()).append('\u0000')
                .append(c.getCommand()).append('\u0000').append(c.getArgs()).append('\u0000')
                .append(c.getWorkingDir()).append('\u0000');
        c.getEnv().forEach(e -> b.append(e.getName()).append('=').append(e.getValue()).append(';'));
        return Integer.toHexString(b.toString().hashCode());
    }
}
