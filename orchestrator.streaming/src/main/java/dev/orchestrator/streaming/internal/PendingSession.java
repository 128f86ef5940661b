package dev.orchestrator.streaming.internal;

import dev.orchestrator.api.runtime.ContainerExec.StreamOptions;
import dev.orchestrator.api.streaming.ExecHandler;
import dev.orchestrator.api.streaming.PortForwardHandler;
import java.util.List;

/**
 * A registered session waiting for its client: an exec or attach (options and handler) or a port-forward (ports and
 * handler). Exactly one of the handlers is set.
 */
record PendingSession(Kind kind, StreamOptions options, ExecHandler exec, List<Integer> ports,
                      PortForwardHandler forward, long expiresAtNanos) {

    enum Kind {
        EXEC("exec"), ATTACH("attach"), PORT_FORWARD("portforward");

        final String path;

        Kind(String path) {
            this.path = path;
        }
    }

    /** The streams the client opens: stderr never with a terminal (its output goes to stdout), as Kubernetes does. */
    StreamOptions effectiveOptions() {
        return new StreamOptions(options.stdin(), options.stdout(), options.stderr() && !options.tty(), options.tty());
    }
}
