package dev.orchestrator.http.internal;

import dev.orchestrator.api.http.LocalApiServer;
import dev.orchestrator.api.http.LocalConnection;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.security.cert.X509Certificate;
import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server in memory for this process's own components ({@link LocalApiServer}), as a connector of the HTTP
 * service beside the network listener. Only where the API server runs (it needs the API servlet): a node agent's
 * process serves other things over HTTP. Going away (bundle update, the API server stopping) stops the connector,
 * which closes its connections; the clients go back to the network until it returns.
 */
@Component(service = {ConnectorFactory.class, LocalApiServer.class}, configurationPid = HttpLimits.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
// the configuration is BoundedConnectorFactory's (which designates it): the header limit is shared
public final class LocalApiConnector implements ConnectorFactory, LocalApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiConnector.class);

    private final HttpLimits limits;
    private volatile InProcessConnector connector;

    /**
     * @param apiServlet the API server's servlet: this component exists only beside it
     */
    @Activate
    public LocalApiConnector(HttpLimits limits,
                             @Reference(target = "(osgi.http.whiteboard.servlet.name=orchestrator-apiserver)")
                             Servlet apiServlet) {
        this.limits = limits;
    }

    @Override
    public Connector createConnector(Server server) {
        InProcessConnector created = new InProcessConnector(server, limits.maxRequestHeaderBytes());
        connector = created;
        LOG.info("in-process API listener for this process's components");
        return created;
    }

    @Override
    public LocalConnection connect(X509Certificate[] clientChain, Runnable onReadable) throws IOException {
        InProcessConnector current = connector;
        if (current == null) {
            throw new IOException("the API server's in-process listener is not open yet");
        }
        return current.open(clientChain, onReadable);
    }
}
