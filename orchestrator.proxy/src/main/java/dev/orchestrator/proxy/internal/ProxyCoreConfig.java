package dev.orchestrator.proxy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator proxy core",
        description = "Programs this node's Services through every ServiceProxy bundle present (iptables, nftables). "
                + "Runs only when configured (a node writes this configuration).")
@interface ProxyCoreConfig {

    @AttributeDefinition(description = "The name of this node: endpoints on it are local (traffic policy Local).")
    String nodeName();

    @AttributeDefinition(description = "IPv4 addresses of this node on which node ports answer, comma-separated.")
    String nodeAddresses() default "127.0.0.1";

    @AttributeDefinition(description = "Pod address ranges of the cluster, comma-separated; traffic to a virtual IP "
            + "from outside them is masqueraded.")
    String clusterCidrs() default "10.244.0.0/16";

    @AttributeDefinition(description = "Least time between two syncs, in milliseconds: changes that arrive closer "
            + "together are programmed in one sync.")
    long minSyncIntervalMillis() default 50;

    @AttributeDefinition(description = "Seconds between full syncs, which rewrite every rule the proxies own "
            + "(repairing rules changed by someone else); other syncs rewrite only what changed.")
    long fullSyncSeconds() default 300;

    @AttributeDefinition(description = "Longest wait, in seconds, before retrying a proxy whose sync was refused "
            + "(the wait doubles from one second up to this).")
    long maxRetrySeconds() default 30;
}
