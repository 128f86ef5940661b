package dev.orchestrator.api.runtime;

/** An image could not be pulled; the message is the registry's or runtime's reason. */
public class ImagePullException extends ContainerRuntimeException {
    private static final long serialVersionUID = 1L;

    public ImagePullException(String message) {
        super(message);
    }

    public ImagePullException(String message, Throwable cause) {
        super(message, cause);
    }
}
