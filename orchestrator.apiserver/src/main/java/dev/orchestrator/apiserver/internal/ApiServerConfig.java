package dev.orchestrator.apiserver.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator API server",
        description = "The Kubernetes REST API. The listening address and port are those of the HTTP service "
                + "(framework properties org.apache.felix.http.host and org.osgi.service.http.port).")
public @interface ApiServerConfig {

    String PID = "orchestrator.apiserver";

    @AttributeDefinition(description = "IPv4 range cluster IPs of services are allocated from.")
    String serviceCidr() default "10.96.0.0/16";

    @AttributeDefinition(description = "Lowest port of the NodePort range.")
    int nodePortMin() default 30000;

    @AttributeDefinition(description = "Highest port of the NodePort range.")
    int nodePortMax() default 32767;

    @AttributeDefinition(description = "Largest request body accepted, in bytes (413 above).")
    int maxBodyBytes() default 3 * 1024 * 1024;

    @AttributeDefinition(description = "Requests one authenticated user (without authentication: one client address) "
            + "may have in flight; more get 429 Too Many Requests with Retry-After. Watches do not count.")
    int maxInflightPerClient() default 400;

    @AttributeDefinition(description = "Watches open at once on this server; more get 429 Too Many Requests with "
            + "Retry-After. Each holds a connection and a backlog of unsent events.")
    int maxWatches() default 8000;

    @AttributeDefinition(description = "Recent events each resource's watch cache keeps, so watches that resume "
            + "from a recent resourceVersion are served from memory.")
    int watchCacheEvents() default 5000;

    @AttributeDefinition(description = "The Kubernetes version reported by /version; clients choose behaviour by it.")
    String kubernetesVersion() default "v1.32.0";

    @AttributeDefinition(description = "How long a kubelet's usage summary is reused by the metrics API "
            + "(metrics.k8s.io, kubectl top), in milliseconds, failed fetches included.")
    int metricsCacheMillis() default 5000;

    @AttributeDefinition(description = "Connect and read timeout of one fetch of a kubelet's /stats/summary, in "
            + "milliseconds; a metrics request waits about this long at most for kubelets.")
    int metricsFetchTimeoutMillis() default 2000;

    @AttributeDefinition(description = "Kubelet summaries fetched at once for the metrics API.")
    int metricsFetchParallelism() default 16;

    @AttributeDefinition(description = "The window of the CPU rates in the metrics API, in seconds: the kubelets' "
            + "usage sampling period, over which their usageNanoCores are averaged.")
    int metricsWindowSeconds() default 10;

    @AttributeDefinition(description = "Built-in or plugin admission plugins not to run, by name: NamespaceLifecycle, "
            + "LimitRanger, DefaultTolerationSeconds, PodSecurity, ResourceQuota (or a plugin service's admission.name).")
    String[] disabledAdmissionPlugins() default {};

    @AttributeDefinition(description = "Seconds a new pod without a toleration of its own stays bound to a node tainted "
            + "node.kubernetes.io/not-ready:NoExecute (the DefaultTolerationSeconds admission; Kubernetes: 300). "
            + "With the node lifecycle controller's grace period it decides how soon pods leave a failed node.")
    long defaultNotReadyTolerationSeconds() default 300;

    @AttributeDefinition(description = "The same for node.kubernetes.io/unreachable:NoExecute (a node whose kubelet "
            + "stopped reporting; Kubernetes: 300).")
    long defaultUnreachableTolerationSeconds() default 300;
}
