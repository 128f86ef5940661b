package dev.orchestrator.api.streaming;

import dev.orchestrator.api.runtime.ContainerExec.StreamOptions;
import java.net.URI;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Hosts one-shot streaming sessions, the way a CRI runtime's streaming server does. Each call registers a session
 * and returns its URL: {@code http://<address>:<port>/<exec|attach|portforward>/<token>}, where the token is
 * unguessable and good for one request. A session that nobody opens within the server's time to live (one minute by
 * default) is dropped. Sessions are served over SPDY/3.1 ({@code X-Stream-Protocol-Version} {@code v4.channel.k8s.io},
 * {@code v3}, {@code v2}; {@code portforward.k8s.io}) and WebSocket ({@code v5.channel.k8s.io} and
 * {@code v4.channel.k8s.io}). Thread-safe.
 */
@ProviderType
public interface StreamingServer {

    /**
     * Registers an exec session: once a client has opened it with the streams {@code options} name, {@code handler}
     * runs on a thread of the server and its exit code ends the session.
     *
     * @throws IllegalStateException when the server is not serving (stopped, or at its limit of pending sessions)
     */
    URI exec(StreamOptions options, ExecHandler handler);

    /** Registers an attach session (the same as {@link #exec}, under the {@code attach} path). */
    URI attach(StreamOptions options, ExecHandler handler);

    /**
     * Registers a port-forward session. Over SPDY the client names the port of each connection (any port);
     * over WebSocket, which carries one connection per port, {@code ports} are the session's ports.
     */
    URI portForward(List<Integer> ports, PortForwardHandler handler);
}
