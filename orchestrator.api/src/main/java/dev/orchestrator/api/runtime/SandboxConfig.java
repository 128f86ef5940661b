package dev.orchestrator.api.runtime;

import java.util.List;
import java.util.Map;

/**
 * A pod sandbox to run (CRI {@code PodSandboxConfig}).
 *
 * @param name the pod's name
 * @param namespace the pod's namespace
 * @param uid the pod's uid
 * @param attempt how many sandboxes this pod had before this one
 * @param hostname the hostname inside the pod
 * @param logDirectory the directory (on the node) where the containers' logs go
 * @param labels labels the kubelet finds the sandbox by again
 * @param annotations annotations kept with the sandbox
 * @param ports host port mappings
 * @param cgroupParent the cgroup the pod's containers go under (empty: the runtime's default)
 * @param hostNetwork whether the pod shares the node's network namespace
 * @param privileged whether any container of the pod is privileged (a runtime refuses a privileged
 *        container in a sandbox not made privileged)
 * @param dns the resolver configuration written into the pod
 * @param runtimeHandler the runtime handler (empty: the default one)
 */
public record SandboxConfig(String name, String namespace, String uid, int attempt, String hostname,
                            String logDirectory, Map<String, String> labels, Map<String, String> annotations,
                            List<PortMapping> ports, String cgroupParent, boolean hostNetwork, boolean privileged, DnsConfig dns,
                            String runtimeHandler) {

    public SandboxConfig {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        ports = List.copyOf(ports);
    }

    /** A container port published on the node. */
    public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {
    }

    /** Resolver settings of the pod ({@code /etc/resolv.conf}). */
    public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
        public DnsConfig {
            servers = List.copyOf(servers);
            searches = List.copyOf(searches);
            options = List.copyOf(options);
        }

        /** No resolver settings: the runtime's default. */
        public static DnsConfig none() {
            return new DnsConfig(List.of(), List.of(), List.of());
        }
    }
}
