package dev.orchestrator.kubelet.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Sizes of the threads every kubelet in the process shares (PID {@code orchestrator.kubelet.executors};
 * optional: the defaults suit one real node as well as a thousand hollow ones).
 */
@ObjectClassDefinition(name = "Orchestrator kubelet threads",
        description = "Threads shared by every kubelet (node agent) in this process.")
public @interface KubeletExecutorsConfig {

    @AttributeDefinition(description = "Threads running the kubelets' timers: lease renewals, node status checks, "
            + "runtime relists, resyncs and back-off ends. Each task is short (one or two API or runtime calls).")
    int timerThreads() default 2;

    @AttributeDefinition(description = "Threads that sync pods, shared by all kubelets (each sync blocks on runtime "
            + "and API calls; one pod is never synced twice at once).")
    int podSyncThreads() default 16;

    @AttributeDefinition(description = "Events waiting to be written before new ones are dropped (one writer thread).")
    int eventQueue() default 10000;

    @AttributeDefinition(description = "Most containers stopped at once during graceful termination (each waits "
            + "for its grace period); beyond that the caller stops them itself.")
    int terminationThreads() default 256;

    @AttributeDefinition(description = "Threads running container probes (httpGet, tcpSocket, exec, grpc) of all "
            + "kubelets; each probe blocks at most its timeoutSeconds, and a probe still running skips its next period.")
    int probeThreads() default 16;
}
