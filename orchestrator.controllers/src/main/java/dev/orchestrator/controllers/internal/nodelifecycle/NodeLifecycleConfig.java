package dev.orchestrator.controllers.internal.nodelifecycle;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator node lifecycle controller",
        description = "Marks a node whose kubelet stopped renewing its Lease Unknown, taints not-ready and unreachable "
                + "nodes (NoSchedule at once, NoExecute rate limited per zone), removes the taints when the node is "
                + "back, and marks the pods of an unreachable node not ready, as kube-controller-manager's node "
                + "lifecycle controller does. The defaults are Kubernetes'; docs/node-lifecycle.md has a fast profile.")
public @interface NodeLifecycleConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "Seconds a node may go without renewing its Lease (or posting status) "
            + "before it is marked Unknown (Kubernetes' node-monitor-grace-period: 50). Must be several times the "
            + "kubelets' leaseRenewSeconds.")
    int nodeMonitorGracePeriodSeconds() default 50;

    @AttributeDefinition(description = "Seconds a registered node that never posted a Ready condition gets before "
            + "it is marked Unknown (node-startup-grace-period: 60).")
    int nodeStartupGracePeriodSeconds() default 60;

    @AttributeDefinition(description = "Nodes per second that get a NoExecute taint (and so lose their pods) in a "
            + "healthy zone (node-eviction-rate: 0.1). The first node of a zone is tainted at once.")
    double nodeEvictionRate() default 0.1;

    @AttributeDefinition(description = "The same in a zone of which at least unhealthyZoneThreshold of the nodes "
            + "(and more than 2) are not ready (secondary-node-eviction-rate: 0.01); 0 in clusters of at most "
            + "largeClusterSizeThreshold nodes.")
    double secondaryNodeEvictionRate() default 0.01;

    @AttributeDefinition(description = "Share of not-ready nodes from which a zone counts as partially disrupted "
            + "(unhealthy-zone-threshold: 0.55).")
    double unhealthyZoneThreshold() default 0.55;

    @AttributeDefinition(description = "Up to this many nodes a partially disrupted zone stops tainting altogether "
            + "(large-cluster-size-threshold: 50).")
    int largeClusterSizeThreshold() default 50;
}
