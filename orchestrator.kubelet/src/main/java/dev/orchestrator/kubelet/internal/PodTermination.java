package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.SandboxStatus;
import dev.orchestrator.kubelet.internal.probes.ContainerPorts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a pod's containers the way Kubernetes does: each running container's preStop hook first
 * (exec or httpGet), then the stop signal, then a kill when the grace period is over; all
 * containers in parallel, within one deadline. Then the sandbox stops (its IP is freed).
 */
final class PodTermination {

    private static final Logger LOG = LoggerFactory.getLogger(PodTermination.class);
    /** The minimum time a container gets after its preStop hook, as Kubernetes grants. */
    private static final Duration MIN_AFTER_HOOK = Duration.ofSeconds(2);

    private final KubeletEvents events;
    private final ExecutorService parallel;
    private final HttpClient http;

    PodTermination(KubeletEvents events, ExecutorService parallel) {
        this.events = events;
        this.parallel = parallel;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).executor(parallel).build();
    }

    /**
     * Stops every running container of the pod (preStop hooks only when the pod object is known),
     * waiting at most {@code grace} (plus the runtime's kill time), then stops its sandboxes.
     */
    void terminate(ContainerRuntime runtime, Optional<Pod> pod, PodRuntimeState state, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ContainerStatus c : state.containers()) {
            if (c.state() != ContainerStatus.State.RUNNING && c.state() != ContainerStatus.State.CREATED) {
                continue;
            }
            stops.add(CompletableFuture.runAsync(() -> stop(runtime, pod, c, deadline), parallel));
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        for (SandboxStatus s : state.sandboxes()) {
            if (s.state() == SandboxStatus.State.READY) {
                runtime.sandboxes().stop(s.id());
            }
        }
    }

    private void stop(ContainerRuntime runtime, Optional<Pod> pod, ContainerStatus c, long deadline) {
        Optional<Container> spec = pod.flatMap(p -> specOf(p, c.name()));
        boolean hook = spec.map(s -> s.getLifecycle() != null && s.getLifecycle().getPreStop() != null).orElse(false);
        if (hook && c.state() == ContainerStatus.State.RUNNING) {
            runPreStop(runtime, pod.get(), spec.get(), c, remaining(deadline));
        }
        Duration left = remaining(deadline);
        if (hook && left.compareTo(MIN_AFTER_HOOK) < 0) {
            left = MIN_AFTER_HOOK;
        }
        pod.ifPresent(p -> events.normal(p, "Killing", "Stopping container " + c.name()));
        try {
            runtime.containers().stop(c.id(), left);
        } catch (ContainerRuntimeException e) {
            LOG.warn("container not stopped container={} id={} error={}", c.name(), c.id(), e.getMessage());
            throw e;
        }
    }

    private void runPreStop(ContainerRuntime runtime, Pod pod, Container spec, ContainerStatus c, Duration timeout) {
        LifecycleHandler hook = spec.getLifecycle().getPreStop();
        try {
            if (hook.getExec() != null && !hook.getExec().getCommand().isEmpty()) {
                var result = runtime.exec().execSync(c.id(), hook.getExec().getCommand(), timeout);
                if (result.exitCode() != 0) {
                    events.warning(pod, "FailedPreStopHook", "PreStopHook failed: command " + hook.getExec().getCommand()
                            + " exited with " + result.exitCode() + ": " + new String(result.stderr()).trim());
                }
            } else if (hook.getHttpGet() != null) {
                httpGet(pod, spec, hook.getHttpGet(), timeout);
            } else if (hook.getSleep() != null && hook.getSleep().getSeconds() != null) {
                Thread.sleep(Math.min(timeout.toMillis(), hook.getSleep().getSeconds() * 1000));
            }
        } catch (ContainerRuntimeException | java.io.IOException e) {
            events.warning(pod, "FailedPreStopHook", "PreStopHook failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void httpGet(Pod pod, Container spec, HTTPGetAction get, Duration timeout)
            throws java.io.IOException, InterruptedException {
        String host = get.getHost() != null && !get.getHost().isEmpty() ? get.getHost()
                : pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (host == null) {
            throw new java.io.IOException("the pod has no IP for the httpGet hook");
        }
        int port = port(spec, get.getPort());
        String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
        String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase(java.util.Locale.ROOT);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://" + host + ":" + port + path))
                .timeout(timeout.isZero() ? Duration.ofSeconds(1) : timeout).GET();
        get.getHttpHeaders().forEach(h -> request.header(h.getName(), h.getValue()));
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() >= 400) {
            events.warning(pod, "FailedPreStopHook", "PreStopHook failed: HTTP " + response.statusCode() + " from " + path);
        }
    }

    /** A port given by number or by the name of one of the container's ports. */
    static int port(Container spec, IntOrString port) throws java.io.IOException {
        return ContainerPorts.resolve(spec, port).orElseThrow(() -> new java.io.IOException(port == null
                ? "no port given" : "unknown port name " + port.getStrVal()));
    }

    private static Optional<Container> specOf(Pod pod, String name) {
        return java.util.stream.Stream.concat(pod.getSpec().getContainers().stream(),
                pod.getSpec().getInitContainers().stream()).filter(c -> name.equals(c.getName())).findFirst();
    }

    private static Duration remaining(long deadline) {
        long left = deadline - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }
}
