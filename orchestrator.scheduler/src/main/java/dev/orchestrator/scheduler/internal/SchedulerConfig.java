package dev.orchestrator.scheduler.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator scheduler profile",
        description = "One scheduling profile: the pods it owns (by schedulerName), the plugins it uses and how "
                + "hard it searches. A factory configuration per extra profile runs one more scheduler.")
public @interface SchedulerConfig {

    @AttributeDefinition(description = "Pods whose spec.schedulerName equals this are scheduled by this profile; "
            + "other pods are left to their own scheduler.")
    String schedulerName() default "default-scheduler";

    @AttributeDefinition(description = "Strategy whose plugins this profile uses (binpack, spread, ...). Empty: "
            + "the highest-ranked strategy present. While the strategy is absent the queue is held.")
    String strategy() default "";

    @AttributeDefinition(description = "Plugins without which this profile does not schedule (its queue is held "
            + "while one is missing, e.g. during an update of the bundle that provides it).")
    String[] requiredPlugins() default {"NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity",
        "NodePorts", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity"};

    @AttributeDefinition(description = "Plugin names this profile does not use.")
    String[] disabledPlugins() default {};

    @AttributeDefinition(description = "Score weights overriding the plugins' own, as Name=weight.")
    String[] pluginWeights() default {};

    @AttributeDefinition(description = "Share of nodes to find feasible before scoring, in percent (1-100). 0: "
            + "adaptive like Kubernetes (50% minus 1% per 125 nodes, at least 5%); at least 100 nodes are "
            + "always looked at.")
    int percentageOfNodesToScore() default 0;

    @AttributeDefinition(description = "Whether a pod that fits on no node may have pods of lower priority deleted "
            + "to make room (Kubernetes' default preemption).")
    boolean preemption() default true;

    @AttributeDefinition(description = "Threads filtering and scoring nodes in parallel. 0: one per core.")
    int parallelism() default 0;

    @AttributeDefinition(description = "Bindings in flight at once.")
    int maxBindingsInFlight() default 64;

    @AttributeDefinition(description = "Back-off of a pod's first retry in milliseconds; it doubles per attempt.")
    long initialBackoffMillis() default 1000;

    @AttributeDefinition(description = "Longest back-off between retries of a pod in milliseconds.")
    long maxBackoffMillis() default 10_000;

    @AttributeDefinition(description = "Seconds an unschedulable pod waits for a cluster change before it is "
            + "retried anyway.")
    long unschedulableRetrySeconds() default 300;

    @AttributeDefinition(description = "Post a Normal 'Scheduled' event per bound pod (events are dropped, never "
            + "waited for, when the API is slower than scheduling).")
    boolean scheduledEvents() default true;

    @AttributeDefinition(description = "Hold a coordination.k8s.io Lease so that only one scheduler of this "
            + "profile works when several masters run.")
    boolean leaderElection() default true;

    @AttributeDefinition(description = "Name of the lease. Empty: orchestrator-<schedulerName>.")
    String leaseName() default "";

    @AttributeDefinition(description = "Namespace of the lease.")
    String leaseNamespace() default "kube-system";

    @AttributeDefinition(description = "Seconds a lease is valid without renewal.")
    int leaseDurationSeconds() default 15;

    @AttributeDefinition(description = "Seconds the leader keeps trying to renew before it gives up leading.")
    int renewDeadlineSeconds() default 10;

    @AttributeDefinition(description = "Seconds between attempts to acquire or renew the lease.")
    int retryPeriodSeconds() default 2;
}
