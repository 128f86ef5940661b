package dev.orchestrator.controllers.internal.nodeipam;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator node IPAM controller",
        description = "Gives every node without one a pod range (spec.podCIDR) cut from the cluster's pod range, "
                + "as kube-controller-manager does with --allocate-node-cidrs.")
public @interface NodeIpamConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false); nodes then keep the ranges their kubelets declare.")
    boolean enabled() default true;

    @AttributeDefinition(description = "The cluster's IPv4 pod range (kube-controller-manager's --cluster-cidr).")
    String clusterCidr() default "10.244.0.0/16";

    @AttributeDefinition(description = "The prefix length of each node's range (--node-cidr-mask-size-ipv4).")
    int nodeCidrMaskSize() default 24;
}
