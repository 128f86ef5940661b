package dev.orchestrator.kubelet.internal;

import dev.orchestrator.kubelet.internal.eviction.EvictionSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of one node agent (PID {@code orchestrator.kubelet}; a factory configuration
 * {@code orchestrator.kubelet-<name>.cfg} in etc/ (Felix FileInstall names factory configurations with a dash) runs several, e.g. hollow nodes). The kubelet only runs when
 * configured: {@code ./orch up} writes this configuration once the node's runtime is set up.
 */
@ObjectClassDefinition(name = "Orchestrator node agent (kubelet)",
        description = "Registers a Node, renews its Lease and runs the pods bound to it through a container runtime.")
public @interface KubeletConfig {

    @AttributeDefinition(description = "Name of the Node object. Empty: the host name.")
    String nodeName() default "";

    @AttributeDefinition(description = "The node's address (InternalIP), reachable from the host and the pods. "
            + "Empty: 127.0.0.1.")
    String nodeIP() default "";

    @AttributeDefinition(description = "spec.podCIDR until the control plane allocates one (empty: none).")
    String podCIDR() default "";

    @AttributeDefinition(description = "Cgroup under which pods' cgroups are created (empty: the runtime's default).")
    String cgroupParent() default "";

    @AttributeDefinition(description = "Directory of the pods' container logs. Empty: <orchestrator.data.dir>/node/pods.")
    String podLogsDir() default "";

    @AttributeDefinition(description = "Directory of the pods' volumes (<dir>/<pod uid>/<volume>), one per kubelet: "
            + "what it holds for no pod of this node is removed. Empty: <orchestrator.data.dir>/node/volumes/<nodeName>.")
    String volumesDir() default "";

    @AttributeDefinition(description = "Mount tmpfs for emptyDir volumes of medium Memory and for secret, downwardAPI "
            + "and projected volumes (needs root); false: plain directories on disk.")
    boolean tmpfsVolumes() default true;

    @AttributeDefinition(description = "The cluster DNS servers pods with dnsPolicy ClusterFirst use, comma-separated "
            + "IPs (Kubernetes' clusterDNS; ./orch sets the node's own DNS, orchestrator.dns, on the node IP). Empty: "
            + "there is no cluster DNS, and those pods get the node's resolver settings (Default), logged once.")
    String clusterDNS() default "";

    @AttributeDefinition(description = "The cluster domain: ClusterFirst pods search <namespace>.svc.<domain>, "
            + "svc.<domain> and <domain> before the node's search domains (Kubernetes' clusterDomain).")
    String clusterDomain() default "cluster.local";

    @AttributeDefinition(description = "The node's resolver file: Default pods copy its nameservers, search domains "
            + "and options; ClusterFirst pods add its search domains (Kubernetes' resolvConf). Empty: none.")
    String resolvConf() default "/etc/resolv.conf";

    @AttributeDefinition(description = "Filter selecting the ContainerRuntime service by its handler.")
    String runtime_target() default "(orchestrator.runtime.handler=runc)";

    @AttributeDefinition(description = "Pods this node accepts (status.capacity.pods).")
    int maxPods() default 110;

    @AttributeDefinition(description = "CPU reserved for the system, subtracted from capacity for allocatable (a quantity).")
    String reservedCpu() default "100m";

    @AttributeDefinition(description = "Memory reserved for the system, subtracted from capacity for allocatable.")
    String reservedMemory() default "256Mi";

    @AttributeDefinition(description = "CPU capacity to report instead of the machine's (a quantity; empty: the machine's).")
    String capacityCpu() default "";

    @AttributeDefinition(description = "Memory capacity to report instead of the machine's (empty: the machine's).")
    String capacityMemory() default "";

    @AttributeDefinition(description = "Extra node labels as key=value pairs.")
    String[] nodeLabels() default {};

    @AttributeDefinition(description = "Seconds between renewals of the node's Lease in kube-node-lease.")
    int leaseRenewSeconds() default 10;

    @AttributeDefinition(description = "Lease duration the node asks for (spec.leaseDurationSeconds).")
    int leaseDurationSeconds() default 40;

    @AttributeDefinition(description = "Seconds between checks of the runtime's health (status posted only on change, "
            + "and at least every statusReportSeconds).")
    int statusCheckSeconds() default 10;

    @AttributeDefinition(description = "Seconds after which the node status is posted even if nothing changed.")
    int statusReportSeconds() default 300;

    @AttributeDefinition(description = "Milliseconds between relists of the runtime's containers (how fast exits are seen).")
    int relistMillis() default 1000;

    @AttributeDefinition(description = "Seconds between full resyncs of every pod.")
    int resyncSeconds() default 30;

    @AttributeDefinition(description = "A running container's log file is rotated when it grows over this size "
            + "(a quantity, Kubernetes' containerLogMaxSize); 0 turns rotation off.")
    String containerLogMaxSize() default "10Mi";

    @AttributeDefinition(description = "Log files kept per container, the current one included (at least 2; "
            + "Kubernetes' containerLogMaxFiles).")
    int containerLogMaxFiles() default 5;

    @AttributeDefinition(description = "Seconds between checks of the log sizes (Kubernetes' containerLogMonitorInterval).")
    int containerLogMonitorSeconds() default 10;

    @AttributeDefinition(description = "Hard eviction thresholds, Kubernetes' evictionHard syntax: <signal><<quantity "
            + "or percentage>, comma-separated. Signals: memory.available, nodefs.available, nodefs.inodesFree, "
            + "imagefs.available, imagefs.inodesFree, pid.available. Met: the node reports the pressure condition, is "
            + "tainted NoSchedule, and pods are evicted at once, one per monitoring interval. Giving this replaces "
            + "all the defaults; empty: no hard thresholds. A value that cannot be read is logged and the defaults used.")
    String evictionHard() default EvictionSettings.DEFAULT_HARD;

    @AttributeDefinition(description = "Soft eviction thresholds, same syntax as evictionHard: acted upon once met "
            + "for their grace period (evictionSoftGracePeriod). Empty: none.")
    String evictionSoft() default "";

    @AttributeDefinition(description = "Grace period of each soft threshold: <signal>=<duration>, comma-separated "
            + "(e.g. memory.available=1m30s). Every soft threshold needs one.")
    String evictionSoftGracePeriod() default "";

    @AttributeDefinition(description = "Longest termination grace (seconds) a pod evicted for a soft threshold "
            + "gets; 0: the pod's own terminationGracePeriodSeconds. Hard evictions kill at once.")
    int evictionMaxPodGracePeriod() default 0;

    @AttributeDefinition(description = "How long a pressure condition stays True after its thresholds stopped "
            + "being met (a duration: 30s, 5m).")
    String evictionPressureTransitionPeriod() default EvictionSettings.DEFAULT_TRANSITION;

    @AttributeDefinition(description = "How often the eviction signals are observed (a duration).")
    String evictionMonitoringInterval() default EvictionSettings.DEFAULT_INTERVAL;

    @AttributeDefinition(description = "A directory on the container runtime's image file system (e.g. containerd's "
            + "root) for the imagefs signals. Empty: images are on the node file system (volumesDir's).")
    String imageFsDir() default "";

    // The HTTP endpoint (port, threads) is shared by every kubelet of the process: see KubeletServerConfig
    // (PID orchestrator.kubelet.server).

    // Threads are shared by every kubelet of the process: see KubeletExecutorsConfig
    // (PID orchestrator.kubelet.executors, e.g. podSyncThreads).
}
