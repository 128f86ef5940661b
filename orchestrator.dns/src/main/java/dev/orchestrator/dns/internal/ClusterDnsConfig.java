package dev.orchestrator.dns.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the node's cluster DNS server (PID {@code orchestrator.dns}). The server only runs when
 * configured: {@code ./orch up} and {@code ./orch join} write {@code etc/orchestrator.dns.cfg} with the node's IP.
 */
@ObjectClassDefinition(name = "Orchestrator cluster DNS",
        description = "Answers the Kubernetes DNS schema for the pods of this node, from Services and EndpointSlices.")
public @interface ClusterDnsConfig {

    @AttributeDefinition(description = "Address the server listens on (UDP and TCP): the node's IP on the pod bridge, "
            + "which every pod of the node reaches and nothing outside the node does.")
    String listenAddress() default "127.0.0.1";

    @AttributeDefinition(description = "Port of both listeners (0: any free port, for tests).")
    int port() default 53;

    @AttributeDefinition(description = "The cluster domain (the kubelets' clusterDomain); names under it are answered "
            + "here and never forwarded.")
    String clusterDomain() default "cluster.local";

    @AttributeDefinition(description = "TTL of the records answered, and of negative answers (SOA minimum). CoreDNS' "
            + "kubernetes plugin defaults to 5 s; the Corefile Kubernetes deploys sets 30 s, as kube-dns had.")
    int ttlSeconds() default 30;

    @AttributeDefinition(description = "Resolvers that names outside the cluster domain are forwarded to, as ip or "
            + "ip:port, tried in order. Empty: such names are REFUSED (nothing is contacted unless configured).")
    String[] upstreams() default {};

    @AttributeDefinition(description = "Milliseconds to wait for one upstream's answer before trying the next.")
    int upstreamTimeoutMillis() default 2000;

    @AttributeDefinition(description = "Threads that wait on upstreams (forwarded queries); more queries than that "
            + "in flight wait in a short queue, then get SERVFAIL.")
    int forwardThreads() default 4;

    @AttributeDefinition(description = "TCP connections served at once; more are closed at once.")
    int maxTcpConnections() default 16;

    @AttributeDefinition(description = "Seconds a TCP connection may stay idle between queries.")
    int tcpIdleSeconds() default 10;
}
