package dev.orchestrator.kubelet.internal;

/**
 * A container cannot be configured from what the API holds (a ConfigMap, Secret or key it refers
 * to is missing): the pod shows {@code CreateContainerConfigError} with this message until it appears.
 */
final class ContainerConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ContainerConfigException(String message) {
        super(message);
    }
}
