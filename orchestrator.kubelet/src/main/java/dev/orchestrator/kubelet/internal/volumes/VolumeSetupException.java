package dev.orchestrator.kubelet.internal.volumes;

/**
 * A volume cannot be set up, or a container's mount of it cannot be prepared; the message says
 * why in Kubernetes' words (it becomes a FailedMount event and the pod's waiting message).
 */
public final class VolumeSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public VolumeSetupException(String message) {
        super(message);
    }
}
