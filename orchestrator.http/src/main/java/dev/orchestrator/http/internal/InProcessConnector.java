package dev.orchestrator.http.internal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;

/**
 * A connector without a socket: connections are opened by {@link #open} from this process and carry HTTP/1.1 through
 * {@link InProcessEndPoint}s into the same handlers as the network listener. A connection's client certificate
 * reaches the servlets as a TLS handshake's would ({@code jakarta.servlet.request.X509Certificate}), and the API
 * server verifies it against its client CA the same way.
 */
final class InProcessConnector extends AbstractConnector {

    static final String NAME = "orchestrator-in-process";
    /** Response bytes a connection holds for its client before the server's write waits. */
    static final int OUTPUT_BYTES = 128 * 1024;

    InProcessConnector(Server server, int maxRequestHeaderBytes) {
        super(server, null, null, null, 0, new HttpConnectionFactory(configuration(maxRequestHeaderBytes)));
        setName(NAME);
        setIdleTimeout(0);
    }

    private static HttpConfiguration configuration(int maxRequestHeaderBytes) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(maxRequestHeaderBytes);
        http.addCustomizer((request, responseHeaders) -> {
            if (request.getConnectionMetaData().getConnection().getEndPoint() instanceof InProcessEndPoint local
                    && local.clientChain() != null) {
                request.setAttribute(EndPoint.SslSessionData.ATTRIBUTE,
                        EndPoint.SslSessionData.from(null, null, null, local.clientChain()));
            }
            return request;
        });
        return http;
    }

    /** A new connection; {@code onReadable} runs on the server's threads whenever response bytes arrive. */
    InProcessEndPoint open(X509Certificate[] clientChain, Runnable onReadable) throws IOException {
        if (!isRunning()) {
            throw new IOException("the API server's in-process listener is not running");
        }
        InProcessEndPoint endPoint = new InProcessEndPoint(getScheduler(), getExecutor(), OUTPUT_BYTES, clientChain,
                onReadable, this::onEndPointClosed);
        Connection connection = getDefaultConnectionFactory().newConnection(this, endPoint);
        endPoint.setConnection(connection);
        endPoint.onOpen();
        onEndPointOpened(endPoint);
        connection.onOpen();
        return endPoint;
    }

    @Override
    protected void doStop() throws Exception {
        for (EndPoint endPoint : getConnectedEndPoints()) {
            endPoint.close();
        }
        super.doStop();
    }

    @Override
    protected void accept(int acceptorId) {
        throw new UnsupportedOperationException("in-process connections are opened, not accepted");
    }

    @Override
    public Object getTransport() {
        return null;
    }
}
