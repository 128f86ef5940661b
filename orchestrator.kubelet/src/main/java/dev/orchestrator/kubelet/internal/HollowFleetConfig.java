package dev.orchestrator.kubelet.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A fleet of hollow nodes in this process (PID {@code orchestrator.kubelet.hollow}): one kubelet per
 * node, each on its own runtime made by the {@code ContainerRuntimeFactory} the target selects.
 */
@ObjectClassDefinition(name = "Orchestrator hollow node fleet",
        description = "Runs many kubelets in this process on runtimes made by a ContainerRuntimeFactory (for scale tests).")
public @interface HollowFleetConfig {

    @AttributeDefinition(description = "How many nodes.")
    int count() default 100;

    @AttributeDefinition(description = "Node names are this prefix followed by 0, 1, 2…")
    String namePrefix() default "hollow-";

    @AttributeDefinition(description = "CPU capacity each node reports (a quantity).")
    String capacityCpu() default "8";

    @AttributeDefinition(description = "Memory capacity each node reports (a quantity).")
    String capacityMemory() default "32Gi";

    @AttributeDefinition(description = "Pods each node accepts.")
    int maxPods() default 110;

    @AttributeDefinition(description = "First address of the nodes' pod ranges: node i gets the i-th /24 from here "
            + "as its podCIDR, and the range's .1 as its InternalIP.")
    String podCidrBase() default "10.128.0.0";

    @AttributeDefinition(description = "Extra node labels as key=value pairs (every node).")
    String[] nodeLabels() default {};

    @AttributeDefinition(description = "Nodes started per second (spreads registrations, and so later heartbeats).")
    int startsPerSecond() default 100;

    @AttributeDefinition(description = "Seconds between lease renewals of each node.")
    int leaseRenewSeconds() default 10;

    @AttributeDefinition(description = "Lease duration the nodes ask for.")
    int leaseDurationSeconds() default 40;

    @AttributeDefinition(description = "Seconds between runtime health checks of each node.")
    int statusCheckSeconds() default 10;

    @AttributeDefinition(description = "Seconds after which a node's status is posted even if nothing changed.")
    int statusReportSeconds() default 300;

    @AttributeDefinition(description = "Milliseconds between relists of each node's runtime.")
    int relistMillis() default 1000;

    @AttributeDefinition(description = "Seconds between full resyncs of each node's pods.")
    int resyncSeconds() default 60;

    @AttributeDefinition(description = "Filter selecting the ContainerRuntimeFactory service by its handler.")
    String runtimeFactory_target() default "(orchestrator.runtime.handler=sim)";
}
