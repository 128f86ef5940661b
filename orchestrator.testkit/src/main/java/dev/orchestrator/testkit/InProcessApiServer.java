package dev.orchestrator.testkit;

import dev.orchestrator.apiserver.internal.ApiServerAssembly;
import dev.orchestrator.apiserver.internal.ApiServerConfig;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The product's API server (the same servlet the all-in-one registers) on an embedded store in a temporary
 * directory, served by Jetty on a free loopback port.
 */
final class InProcessApiServer implements AutoCloseable {

    private final Path dir;
    private final EmbeddedStore store;
    private final ApiServerAssembly api;
    private final Server http;

    InProcessApiServer() throws Exception {
        dir = Files.createTempDirectory("orch-testkit-");
        store = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir.resolve("store")));
        api = new ApiServerAssembly(store, Configs.of(ApiServerConfig.class, Map.of()),
                dev.orchestrator.apiserver.internal.auth.ServiceAccountTokens.ephemeral());
        http = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(api.servlet());
        holder.setAsyncSupported(true); // watches
        context.addServlet(holder, "/*");
        http.setHandler(context);
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + ((ServerConnector) http.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() throws Exception {
        try {
            http.stop();
        } finally {
            api.close();
            store.close();
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
