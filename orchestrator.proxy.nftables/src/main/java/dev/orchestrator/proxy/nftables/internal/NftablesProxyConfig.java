package dev.orchestrator.proxy.nftables.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator nftables service proxy",
        description = "Programs Service virtual IPs, external IPs and node ports as one nftables table. Runs only "
                + "when configured: deleting the configuration switches it off and removes the table.")
public @interface NftablesProxyConfig {

    @AttributeDefinition(description = "Name of the nftables table (family ip) that the proxy owns: it deletes "
            + "and rewrites it at will, and never touches another.")
    String table() default "orch";

    @AttributeDefinition(description = "Words put before every nft and conntrack command, e.g. "
            + "'ip', 'netns', 'exec', '<name>' to program another network namespace.")
    String[] commandPrefix() default {};

    @AttributeDefinition(description = "The nft executable.")
    String nft() default "nft";

    @AttributeDefinition(description = "The conntrack executable (package conntrack); when missing, UDP flows "
            + "to removed endpoints stay until they time out.")
    String conntrack() default "conntrack";

    @AttributeDefinition(description = "Delete the conntrack entries of UDP flows whose endpoint was removed.")
    boolean conntrackCleanup() default true;

    @AttributeDefinition(description = "The packet mark bit that asks for masquerading (0x4000, as the "
            + "iptables proxy and kube-proxy use).")
    int masqueradeMark() default 0x4000;

    @AttributeDefinition(description = "Seconds one nft or conntrack run may take before it is killed.")
    int commandTimeoutSeconds() default 30;
}
