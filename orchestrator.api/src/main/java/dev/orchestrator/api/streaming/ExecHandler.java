package dev.orchestrator.api.streaming;

import org.osgi.annotation.versioning.ConsumerType;

/** Runs the process of an exec or attach session. */
@ConsumerType
@FunctionalInterface
public interface ExecHandler {

    /**
     * Runs the session to its end on a thread of the streaming server and returns the process's exit code (an
     * attach that ends returns 0). The thread is interrupted when the client goes away or the server stops; the
     * handler should then stop waiting and return. An exception ends the session with a failure whose message
     * is the exception's.
     *
     * @return the exit code, sent to the client (non-zero as Kubernetes' {@code NonZeroExitCode} Status)
     */
    int run(ExecStreams streams) throws Exception;
}
