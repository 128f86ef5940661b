package dev.orchestrator.runtime.docker.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The connection to one dockerd: a docker-java client for short calls, one for calls that may take long (pulls, stops
 * with a grace period, exec), and the raw transport for what docker-java lacks (one-shot stats). Every call goes
 * through {@link #call}, which maps failures with {@link DockerErrors}.
 *
 * <p>The clients are made at the first call that finds dockerd's socket: a node without a dockerd (most workers)
 * loads none of docker-java and its JSON stack, about 1,100 classes; its calls fail at once as unavailable.
 */
final class DockerConnection implements AutoCloseable {

    private final Path socket;
    private final DockerTimeouts timeouts;
    private volatile Clients clients;

    /** The clients of one connection, made together. */
    private record Clients(DockerHttpClient shortHttp, DockerHttpClient longHttp, DockerClient shortClient,
                           DockerClient longClient) {

        static Clients of(Path socket, DockerTimeouts timeouts) {
            URI host = URI.create("unix://" + socket);
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(host.toString()).withDockerTlsVerify(false).build();
            DockerHttpClient shortHttp = http(host, timeouts.call());
            DockerHttpClient longHttp = http(host, timeouts.pull().plus(timeouts.extra()));
            return new Clients(shortHttp, longHttp, DockerClientImpl.getInstance(config, shortHttp),
                    DockerClientImpl.getInstance(config, longHttp));
        }

        private static DockerHttpClient http(URI host, Duration responseTimeout) {
            return new ZerodepDockerHttpClient.Builder().dockerHost(host).maxConnections(32)
                    .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(responseTimeout).build();
        }
    }

    /** Stats JSON, made with the first stats call. */
    private static final class StatsJson {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    DockerConnection(Path socket, DockerTimeouts timeouts) {
        this.socket = socket;
        this.timeouts = timeouts;
    }

    private Clients clients() {
        Clients c = clients;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (clients == null) {
                if (!Files.exists(socket)) {
                    throw new RuntimeUnavailableException("docker at " + endpoint() + " is not running (no socket)", null);
                }
                clients = Clients.of(socket, timeouts);
            }
            return clients;
        }
    }

    /** The unix socket of dockerd (hijacked exec and attach connections are opened on it directly). */
    Path socket() {
        return socket;
    }

    String endpoint() {
        return "unix://" + socket;
    }

    /** Runs a short call (bounded by the call timeout). */
    <T> T call(String operation, Function<DockerClient, T> body) {
        try {
            return body.apply(clients().shortClient());
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, operation, endpoint());
        }
    }

    /** Runs a call that may take long (pull, stop, exec): bounded by the pull timeout, or its own wait. */
    <T> T slowCall(String operation, Function<DockerClient, T> body) {
        try {
            return body.apply(clients().longClient());
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, operation, endpoint());
        }
    }

    /**
     * One sample of a container's usage ({@code one-shot}: no second sample for the CPU rate, which docker-java's
     * stats call would wait a second for).
     */
    Statistics oneShotStats(String containerId) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + containerId + "/stats?stream=false&one-shot=true").build();
        try (DockerHttpClient.Response response = clients().shortHttp().execute(request); InputStream body = response.getBody()) {
            byte[] bytes = body.readAllBytes();
            if (response.getStatusCode() == 404) {
                throw new dev.orchestrator.api.runtime.NotFoundException("container " + containerId + " not found");
            }
            if (response.getStatusCode() / 100 != 2) {
                throw new ContainerRuntimeException(DockerErrors.messageOf(new String(bytes, StandardCharsets.UTF_8)));
            }
            return StatsJson.MAPPER.readValue(bytes, Statistics.class);
        } catch (IOException e) {
            throw DockerErrors.map(new RuntimeException(e), "stats", endpoint());
        } catch (ContainerRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "stats", endpoint());
        }
    }

    @Override
    public void close() {
        Clients c = clients;
        if (c == null) {
            return;
        }
        for (AutoCloseable closeable : new AutoCloseable[] {c.shortClient(), c.longClient(), c.shortHttp(), c.longHttp()}) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort: the next instance opens its own connections
            }
        }
    }
}
