package dev.orchestrator.kubelet.internal;

/**
 * Labels and annotations the kubelet puts on sandboxes and containers: with them a new kubelet
 * (after an update or a restart of the process) finds which pod and container each one is, and
 * adopts it instead of starting it again. The keys are Kubernetes' own, so runtime tools show them
 * as they would for a kubelet.
 */
final class RuntimeLabels {

    static final String POD_NAME = "io.kubernetes.pod.name";
    static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    static final String POD_UID = "io.kubernetes.pod.uid";
    static final String CONTAINER_NAME = "io.kubernetes.container.name";
    /** Which node made it: several nodes may share a runtime (never on one containerd here, but cheap to tell apart). */
    static final String NODE = "orchestrator.dev/node";
    /** Annotation: hash of the container's spec, to restart a container whose spec changed (an image update). */
    static final String CONTAINER_HASH = "io.kubernetes.container.hash";
    /** Annotation: whether the container is an init container. */
    static final String INIT = "orchestrator.dev/init-container";
    /** Annotation on the sandbox: the pod's termination grace period, for orphans stopped without their pod. */
    static final String GRACE = "io.kubernetes.pod.terminationGracePeriod";

    private RuntimeLabels() {
    }
}
