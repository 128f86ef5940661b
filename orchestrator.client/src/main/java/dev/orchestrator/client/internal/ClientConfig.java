package dev.orchestrator.client.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator API client",
        description = "The KubernetesClient every component of this process uses to talk to the API server.")
public @interface ClientConfig {

    @AttributeDefinition(description = "API server URL, or several separated by commas (the API servers of "
            + "several masters: this process then reaches them through a balancer on a loopback port, which fails over "
            + "to the next when one does not answer). Empty: http://127.0.0.1:<port> of this process's own HTTP service "
            + "(framework property org.osgi.service.http.port).")
    String masterUrl() default "";

    @AttributeDefinition(description = "Timeout of one request in milliseconds.")
    int requestTimeoutMillis() default 30_000;

    @AttributeDefinition(description = "Timeout of establishing a connection in milliseconds.")
    int connectionTimeoutMillis() default 10_000;

    @AttributeDefinition(description = "Requests in flight at once from this process (the schedulers binder and "
            + "the informers share them).")
    int maxConcurrentRequests() default 256;

    @AttributeDefinition(description = "Where this process runs the API server too (masterUrl empty), whether the "
            + "components send their requests to it in memory instead of over loopback TCP (and TLS): the same HTTP, "
            + "servlets and authentication without the sockets. Off: always over the network.")
    boolean inProcessRequests() default true;

    @AttributeDefinition(description = "How long a shared informer whose last subscriber left keeps running, so that a "
            + "component being updated finds its cache warm when it subscribes again.")
    int sharedInformerLingerSeconds() default 30;
}
