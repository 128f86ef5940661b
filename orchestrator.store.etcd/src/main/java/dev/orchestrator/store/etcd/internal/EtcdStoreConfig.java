package dev.orchestrator.store.etcd.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator etcd store",
        description = "Keeps the cluster state in an etcd cluster. Active only when configured.")
public @interface EtcdStoreConfig {

    String PID = "orchestrator.store.etcd";

    @AttributeDefinition(description = "etcd client URLs, e.g. http://127.0.0.1:2379 or https://10.0.0.5:2379; "
            + "the members of a cluster separated by commas (the client fails over between them).")
    String[] endpoints() default {"http://127.0.0.1:2379"};

    @AttributeDefinition(description = "PEM file of the CA that signed the etcd server certificates (TLS). Empty: no TLS.")
    String caFile() default "";

    @AttributeDefinition(description = "PEM client certificate for mutual TLS. Empty: no client certificate.")
    String certFile() default "";

    @AttributeDefinition(description = "PEM (PKCS#8) private key of the client certificate.")
    String keyFile() default "";

    @AttributeDefinition(description = "Seconds one store call may take, retries included, before it fails "
            + "with StoreUnavailableException naming the endpoints.")
    int requestTimeoutSeconds() default 5;

    @AttributeDefinition(description = "Seconds to wait for a connection to etcd.")
    int connectTimeoutSeconds() default 3;

    @AttributeDefinition(description = "Largest value accepted, in bytes. etcd must allow larger requests "
            + "(its --max-request-bytes, 1.5 MiB by default).")
    int maxValueBytes() default 3 * 1024 * 1024;

    @AttributeDefinition(description = "Most undelivered events a watcher may lag behind before its watch is ended.")
    int watchBacklog() default 10_000;

    @AttributeDefinition(description = "Threads delivering watch events to listeners.")
    int watchThreads() default 2;

    @AttributeDefinition(description = "Service ranking; higher than the embedded store's 0 so consumers prefer etcd "
            + "when both run.")
    int service_ranking() default 100;
}
