package dev.orchestrator.client.internal;

import dev.orchestrator.api.http.LocalApiServer;
import dev.orchestrator.api.http.LocalConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;

/** One in-memory connection of {@link LocalConnections}, whose readiness goes to the exchange using it. */
final class LocalLink {

    private final LocalApiServer server;
    private LocalConnection connection;
    private volatile Runnable onReadable;
    private volatile boolean closed;

    private LocalLink(LocalApiServer server) {
        this.server = server;
    }

    static LocalLink open(LocalApiServer server, X509Certificate[] clientChain) throws IOException {
        LocalLink link = new LocalLink(server);
        link.connection = server.connect(clientChain, link::readable);
        return link;
    }

    LocalApiServer server() {
        return server;
    }

    private void readable() {
        Runnable current = onReadable;
        if (current != null) {
            current.run();
        }
    }

    void attach(Runnable signal) {
        onReadable = signal;
    }

    void idle() {
        onReadable = null;
    }

    void write(ByteBuffer bytes) throws IOException {
        connection.write(bytes);
    }

    /** @see LocalConnection#read() */
    ByteBuffer read() {
        return connection.read();
    }

    /** Whether an idle connection can take a request: the server has not closed it nor sent anything unasked. */
    boolean isOpen() {
        if (closed) {
            return false;
        }
        ByteBuffer unasked = connection.read();
        if (unasked == null || unasked.hasRemaining()) {
            close();
            return false;
        }
        return true;
    }

    void close() {
        closed = true;
        onReadable = null;
        connection.close();
    }
}
