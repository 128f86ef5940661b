package dev.orchestrator.controllers.runtime.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator controller runtime",
        description = "Drives every Reconciler service: shared informers, rate-limited work queues, workers, leader election.")
public @interface ControllerRuntimeConfig {

    @AttributeDefinition(description = "Workers per controller: reconciles of different keys that run at once.")
    int workers() default 2;

    @AttributeDefinition(description = "Workers of single controllers, as name=count (e.g. replicaset=4).")
    String[] controllerWorkers() default {};

    @AttributeDefinition(description = "Milliseconds before the first retry of a failing key; doubled per failure in a row.")
    long baseBackoffMillis() default 5;

    @AttributeDefinition(description = "Seconds a failing key waits at most between retries.")
    long maxBackoffSeconds() default 1000;

    @AttributeDefinition(description = "Retries per second over all keys of a controller (token bucket rate).")
    double retryQps() default 10;

    @AttributeDefinition(description = "Retries a controller may make at once before the rate applies (token bucket size).")
    int retryBurst() default 100;

    @AttributeDefinition(description = "Seconds a stopping controller waits for reconciles in progress before abandoning them.")
    int stopGraceSeconds() default 10;

    @AttributeDefinition(description = "Seconds after which unfulfilled expectations count as satisfied.")
    int expectationsTimeoutSeconds() default 300;

    @AttributeDefinition(description = "Event writes queued at most; beyond that events are dropped and counted.")
    int maxQueuedEvents() default 1024;

    @AttributeDefinition(description = "Hold a coordination.k8s.io Lease so that only one master's controllers reconcile.")
    boolean leaderElection() default true;

    @AttributeDefinition(description = "Name of the lease.")
    String leaseName() default "orchestrator-controllers";

    @AttributeDefinition(description = "Namespace of the lease.")
    String leaseNamespace() default "kube-system";

    @AttributeDefinition(description = "Seconds a lease is valid without renewal.")
    int leaseDurationSeconds() default 15;

    @AttributeDefinition(description = "Seconds the leader keeps trying to renew before it gives up leading.")
    int renewDeadlineSeconds() default 10;

    @AttributeDefinition(description = "Seconds between attempts to acquire or renew the lease.")
    int retryPeriodSeconds() default 2;
}
