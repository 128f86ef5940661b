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
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The connection to one dockerd: a docker-java client for short calls, one for calls that may take long (pulls, stops
 * with a grace period, exec), and the raw transport for what docker-java lacks (one-shot stats). Every call goes
 * through {@link #call}, which maps failures with {@link DockerErrors}.
 */
final class DockerConnection implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path socket;
    private final DockerHttpClient shortHttp;
    private final DockerHttpClient longHttp;
    private final DockerClient shortClient;
    private final DockerClient longClient;

    DockerConnection(Path socket, DockerTimeouts timeouts) {
        this.socket = socket;
        URI host = URI.create("unix://" + socket);
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString()).withDockerTlsVerify(false).build();
        this.shortHttp = http(host, timeouts.call());
        this.longHttp = http(host, timeouts.pull().plus(timeouts.extra()));
        this.shortClient = DockerClientImpl.getInstance(config, shortHttp);
        this.longClient = DockerClientImpl.getInstance(config, longHttp);
    }

    private static DockerHttpClient http(URI host, Duration responseTimeout) {
        return new ZerodepDockerHttpClient.Builder().dockerHost(host).maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(responseTimeout).build();
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
            return body.apply(shortClient);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, operation, endpoint());
        }
    }

    /** Runs a call that may take long (pull, stop, exec): bounded by the pull timeout, or its own wait. */
    <T> T slowCall(String operation, Function<DockerClient, T> body) {
        try {
            return body.apply(longClient);
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
        try (DockerHttpClient.Response response = shortHttp.execute(request); InputStream body = response.getBody()) {
            byte[] bytes = body.readAllBytes();
            if (response.getStatusCode() == 404) {
                throw new dev.orchestrator.api.runtime.NotFoundException("container " + containerId + " not found");
            }
            if (response.getStatusCode() / 100 != 2) {
                throw new ContainerRuntimeException(DockerErrors.messageOf(new String(bytes, StandardCharsets.UTF_8)));
            }
            return JSON.readValue(bytes, Statistics.class);
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
        for (AutoCloseable c : new AutoCloseable[] {shortClient, longClient, shortHttp, longHttp}) {
            try {
                c.close();
            } catch (Exception e) {
                // closing is best effort: the next instance opens its own connections
            }
        }
    }
}
