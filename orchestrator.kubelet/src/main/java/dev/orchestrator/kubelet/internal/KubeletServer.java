package dev.orchestrator.kubelet.internal;

import dev.orchestrator.client.ClientIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of every kubelet in the process: one Jetty server (the Jetty 12 of the Felix
 * HTTP bundle, used directly, apart from the API's HTTP service) with one listener per node
 * address that some kubelet registered, all on the configured port. A request is served by the
 * kubelets of the address it arrived on, so nodes that share a process stay apart. A kubelet whose
 * address is not this machine's, or whose port is taken, gets port 0 (not served) and runs on.
 * Hollow nodes do not register at all: a thousand of them cost nothing here.
 */
@Component(name = "orchestrator.kubelet.server", service = KubeletEndpoints.class)
@Designate(ocd = KubeletServerConfig.class)
public final class KubeletServer implements KubeletEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);

    private final int port;
    private final Server server;
    private final Map<String, List<NodeApi>> kubelets = new ConcurrentHashMap<>();
    private final Map<String, ServerConnector> listeners = new ConcurrentHashMap<>();
    private final KubeletTls tls;

    @Activate
    public KubeletServer(@Reference(target = ClientIdentity.NODE) KubernetesClient client, KubeletServerConfig config)
            throws Exception {
        this.port = config.port();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        QueuedThreadPool threads = new QueuedThreadPool(NodeSettings.positive("maxThreads", config.maxThreads()), 1);
        threads.setName("kubelet-http");
        server = new Server(threads);
        tls = KubeletTls.of(client.getConfiguration()).orElse(null);
        KubeletAccess access = tls == null ? KubeletAccess.OPEN : new DelegatedKubeletAccess(client, Clock.systemUTC());
        server.setHandler(new KubeletHttpHandler(ip -> kubelets.getOrDefault(ip, List.of()),
                Duration.ofMillis(NodeSettings.positive("followPollMillis", config.followPollMillis())), access));
        server.start();
    }

    @Override
    public synchronized Registration register(String nodeIp, NodeApi api) {
        String ip;
        try {
            InetAddress address = InetAddress.getByName(nodeIp);
            if (port == 0 || !isLocal(address)) {
                LOG.info("kubelet endpoint not served nodeIP={} reason={}", nodeIp,
                        port == 0 ? "port 0 configured" : "not an address of this machine");
                return Registration.NONE;
            }
            ip = address.getHostAddress();
            if (!listeners.containsKey(ip)) {
                listen(ip, api.nodeName());
            }
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("kubelet endpoint not served nodeIP={} port={} error={}", nodeIp, port, e.toString());
            return Registration.NONE;
        }
        kubelets.computeIfAbsent(ip, k -> new CopyOnWriteArrayList<>()).add(api);
        return new Registration() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                unregister(ip, api);
            }
        };
    }

    private void listen(String ip, String nodeName) throws IOException, GeneralSecurityException {
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, 1, 1);
        } else {
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // callers use the address; the certificate names it, not always a host
            http.addCustomizer(secure);
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls.forAddress(nodeName, ip),
                    HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        }
        connector.setHost(ip);
        connector.setPort(port);
        server.addConnector(connector);
        try {
            connector.start();
        } catch (Exception e) {
            server.removeConnector(connector);
            throw e instanceof IOException io ? io : new IOException(e);
        }
        listeners.put(ip, connector);
        LOG.info("kubelet endpoint serving {}://{}:{} ({})", tls == null ? "http" : "https", ip, port,
                tls == null ? "no TLS or authentication: a cluster without them" : "callers checked through the API server");
    }

    private synchronized void unregister(String ip, NodeApi api) {
        List<NodeApi> on = kubelets.get(ip);
        if (on == null || !on.remove(api) || !on.isEmpty()) {
            return;
        }
        kubelets.remove(ip);
        ServerConnector connector = listeners.remove(ip);
        if (connector != null) {
            try {
                connector.stop();
            } catch (Exception e) {
                LOG.warn("kubelet endpoint listener did not stop ip={} error={}", ip, e.toString());
            }
            server.removeConnector(connector);
        }
    }

    private static boolean isLocal(InetAddress address) throws SocketException {
        return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
    }

    @Deactivate
    void deactivate() throws Exception {
        server.stop();
    }
}
