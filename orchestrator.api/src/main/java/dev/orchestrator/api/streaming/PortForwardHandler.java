package dev.orchestrator.api.streaming;

import java.io.InputStream;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ConsumerType;

/** Joins one forwarded connection of a port-forward session to a port in the pod's network namespace. */
@ConsumerType
@FunctionalInterface
public interface PortForwardHandler {

    /**
     * Copies {@code fromClient} to {@code port} in the pod and what the port answers to {@code toClient}, until
     * both directions ended; runs on a thread of the streaming server, which is interrupted when the client goes
     * away. An exception (e.g. nothing listens on the port) is reported to the client on the connection's error
     * stream with the exception's message.
     */
    void forward(int port, InputStream fromClient, OutputStream toClient) throws Exception;
}
