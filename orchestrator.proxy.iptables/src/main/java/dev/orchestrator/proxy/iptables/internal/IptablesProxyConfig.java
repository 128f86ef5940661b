package dev.orchestrator.proxy.iptables.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator iptables service proxy",
        description = "Service virtual IPs, external IPs and node ports as iptables NAT rules.")
public @interface IptablesProxyConfig {

    @AttributeDefinition(description = "Prefix of every chain the proxy owns (1-8 upper-case letters or digits); "
            + "chains are named <prefix>-SERVICES, <prefix>-SVC-<hash>, ...")
    String chainPrefix() default "ORCH";

    @AttributeDefinition(description = "Words put before every iptables, iptables-save, iptables-restore and "
            + "conntrack command, e.g. ip,netns,exec,<name> to program a network namespace. Empty: run them directly.")
    String[] commandPrefix() default {};

    @AttributeDefinition(description = "Bit of the packet mark (0-31) that asks POSTROUTING to masquerade.")
    int masqueradeBit() default 14;

    @AttributeDefinition(description = "Delete the conntrack entries of UDP flows to endpoints that went away "
            + "(needs the conntrack tool).")
    boolean flushUdpConntrack() default true;

    @AttributeDefinition(description = "Seconds one iptables-restore, iptables-save or conntrack run may take "
            + "(a full load of 10,000 services takes about a minute with the nf_tables backend on 2 cores).")
    int commandTimeoutSeconds() default 180;
}
