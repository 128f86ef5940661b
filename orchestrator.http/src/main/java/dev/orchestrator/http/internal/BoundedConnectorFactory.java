package dev.orchestrator.http.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.felix.http.jetty.ConnectorFactory;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's HTTP listener with bounds (idle, header, body and write deadlines, a connection
 * cap, a header size cap) and errors answered as {@code Status} JSON. The HTTP service opens
 * its own plain listener on the configured address and port first; when this factory is
 * called it takes that listener's place on the same address and port, so there is one
 * listener, and it is bounded. Going away (bundle update) stops the listener; the new
 * instance opens it again a moment later.
 */
@Component(service = ConnectorFactory.class, configurationPid = HttpLimits.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpLimits.class)
public final class BoundedConnectorFactory implements ConnectorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedConnectorFactory.class);
    static final String CONNECTOR_NAME = "orchestrator-api";
    /** RequestIdentity.PKI_DIR_PROPERTY of orchestrator.api (a launch property: see docs/security.md). */
    static final String PKI_DIR_PROPERTY = "orchestrator.pki.dir";
    /** The API server's advertised address (a launch property: see docs/security.md), where it listens too. */
    static final String ADVERTISE_ADDRESS_PROPERTY = "orchestrator.api.advertiseAddress";

    private final HttpLimits limits;
    private final String host;
    private final int port;
    private final ConnectionGuard guard;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orch-http-connection-guard");
        t.setDaemon(true);
        return t;
    });
    /** The PKI directory (framework property {@value #PKI_DIR_PROPERTY}): set, the listener serves TLS only. */
    private final SSLContext tls;
    /** The second address to listen on (framework property {@value #ADVERTISE_ADDRESS_PROPERTY}), or null. */
    private final String advertised;
    private volatile ServerConnector advertisedListener;
    private volatile Server server;
    private volatile ErrorHandler previousErrorHandler;

    @Activate
    public BoundedConnectorFactory(HttpLimits limits, BundleContext context) {
        this.limits = limits;
        this.host = context.getProperty("org.apache.felix.http.host");
        String configuredPort = context.getProperty("org.osgi.service.http.port");
        this.port = configuredPort == null ? 8080 : Integer.parseInt(configuredPort.trim());
        this.guard = new ConnectionGuard(limits);
        this.tls = tlsContext(context.getProperty(PKI_DIR_PROPERTY));
        String advertise = context.getProperty(ADVERTISE_ADDRESS_PROPERTY);
        this.advertised = advertise == null || advertise.isBlank() ? null : advertise.trim();
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public Connector createConnector(Server jetty) {
        this.server = jetty;
        for (Connector c : jetty.getConnectors()) {
            // The HTTP service's own unbounded listener on our port: ours replaces it.
            if (c instanceof ServerConnector plain && !CONNECTOR_NAME.equals(c.getName()) && plain.getPort() == port) {
                stopQuietly(plain);
                jetty.removeConnector(plain);
                awaitPortReleased();
            }
        }
        previousErrorHandler = jetty.getErrorHandler() instanceof ErrorHandler h ? h : null;
        jetty.setErrorHandler(new StatusErrorHandler());

        ServerConnector connector = connector(jetty, host);
        LOG.info("{} listener {}:{} with idle {} s (watches {} s), header {} s, body {} s, write stall {} s, "
                + "at most {} connections", tls == null ? "HTTP (plain: no TLS, no client certificates)" : "HTTPS", host, port, limits.idleTimeoutSeconds(), limits.watchIdleTimeoutSeconds(),
                limits.headerTimeoutSeconds(), limits.bodyTimeoutSeconds(), limits.writeStallSeconds(),
                limits.maxConnections());
        openAdvertisedListener(jetty);
        return connector;
    }

    /**
     * The listener on the advertised address (the node bridge's, where pods reach the API), beside the one the HTTP
     * service takes from {@link #createConnector}: HTTPS only, as the API server refuses to advertise without it.
     */
    private void openAdvertisedListener(Server jetty) {
        closeAdvertisedListener();
        if (advertised == null || advertised.equals(host) || host == null || host.isBlank() || "0.0.0.0".equals(host)) {
            return; // none asked, or the main listener takes every address already
        }
        if (tls == null) {
            LOG.warn("not listening on {} ({}): plain HTTP stays on loopback", advertised, ADVERTISE_ADDRESS_PROPERTY);
            return;
        }
        ServerConnector extra = connector(jetty, advertised);
        jetty.addConnector(extra);
        try {
            extra.start();
            advertisedListener = extra;
            LOG.info("HTTPS listener {}:{} (the advertised address) with the same limits", advertised, port);
        } catch (Exception e) {
            jetty.removeConnector(extra);
            LOG.error("cannot listen on the advertised address {}:{}: {}", advertised, port, e.toString());
        }
    }

    private void closeAdvertisedListener() {
        ServerConnector extra = advertisedListener;
        advertisedListener = null;
        if (extra != null) {
            stopQuietly(extra);
            if (server != null) {
                server.removeConnector(extra);
            }
        }
    }

    private ServerConnector connector(Server jetty, String bindHost) {
        long idleMillis = TimeUnit.SECONDS.toMillis(limits.idleTimeoutSeconds());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(limits.maxRequestHeaderBytes());
        http.setIdleTimeout(idleMillis);
        http.addCustomizer(new WatchIdleTimeout(idleMillis, TimeUnit.SECONDS.toMillis(limits.watchIdleTimeoutSeconds())));
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        } else {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // clients reach the server by addresses and names the certificate may not list (a NodePort, a tunnel)
            secure.setSniHostCheck(false);
            secure.setSniRequired(false);
            http.addCustomizer(secure);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls);
            ssl.setWantClientAuth(true);
            ssl.setSniRequired(false);
            connector = new ServerConnector(jetty, 1, 1, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
        }
        connector.setName(CONNECTOR_NAME);
        connector.setHost(bindHost);
        connector.setPort(port);
        connector.setIdleTimeout(idleMillis);
        connector.addEventListener(guard);
        connector.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        return connector;
    }

    private static SSLContext tlsContext(String pkiDir) {
        if (pkiDir == null || pkiDir.isBlank()) {
            return null;
        }
        try {
            return TlsContext.load(Path.of(pkiDir.trim()));
        } catch (IOException | GeneralSecurityException e) {
            // no listener rather than a plain one: the operator asked for TLS
            throw new IllegalStateException("TLS is configured (" + PKI_DIR_PROPERTY + "=" + pkiDir + ") but cannot be "
                    + "set up, so the API server does not listen: " + e.getMessage(), e);
        }
    }

    private void sweep() {
        try {
            guard.sweep();
        } catch (RuntimeException e) {
            LOG.warn("connection sweep failed", e);
        }
    }

    @Deactivate
    void deactivate() {
        closeAdvertisedListener();
        sweeper.shutdownNow();
        Server jetty = server;
        if (jetty != null && jetty.getErrorHandler() instanceof StatusErrorHandler) {
            jetty.setErrorHandler(previousErrorHandler); // no reference to this bundle's classes stays behind
        }
    }

    /**
     * The stopped listener's socket is closed by its acceptor thread as it leaves {@code accept()}, a moment after
     * {@code stop()} returns; binding before that fails with "Address already in use" and leaves the API without a
     * listener (seen in the end-to-end tests). Waits, up to 10 s, until the port can be bound.
     */
    private void awaitPortReleased() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(host == null || host.isBlank() ? new java.net.InetSocketAddress(port)
                        : new java.net.InetSocketAddress(host, port));
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("port {} still taken 10 s after the HTTP service's listener stopped", port);
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void stopQuietly(Connector connector) {
        try {
            connector.stop();
        } catch (Exception e) {
            LOG.warn("cannot stop the HTTP service's listener", e);
        }
    }
}
