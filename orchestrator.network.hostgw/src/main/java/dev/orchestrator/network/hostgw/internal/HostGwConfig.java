package dev.orchestrator.network.hostgw.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator host-gw pod routes",
        description = "Routes every other node's pod CIDR to that node's InternalIP (flannel's host-gw backend). "
                + "Runs only when configured; deleting the configuration removes the routes.")
@interface HostGwConfig {

    @AttributeDefinition(description = "The name of this node: its own pod CIDR needs no route.")
    String nodeName();

    @AttributeDefinition(description = "The cluster's pod range; only pod CIDRs inside it are routed.")
    String clusterCidr() default "10.244.0.0/16";

    @AttributeDefinition(description = "Words put before every ip command, e.g. ip,netns,exec,<name> to program a "
            + "network namespace. Empty: run ip directly.")
    String[] commandPrefix() default {};

    @AttributeDefinition(description = "The route protocol number (1-255) that marks the routes this component "
            + "owns; routes with any other protocol are never changed.")
    int routeProtocol() default 188;

    @AttributeDefinition(description = "Seconds between full syncs, which also restore routes changed or deleted "
            + "by hand.")
    int resyncSeconds() default 60;

    @AttributeDefinition(description = "Seconds one ip command may take.")
    int commandTimeoutSeconds() default 20;
}
