package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The container runtimes one kubelet runs pods on: the default runtime (the kubelet's {@code runtime.target}) for
 * pods without {@code spec.runtimeClassName}, and for a pod naming a RuntimeClass the runtime service whose handler
 * property ({@value dev.orchestrator.api.runtime.RuntimeHandler#NAME}) equals the class's {@code handler}.
 */
final class PodRuntimes {

    private final Supplier<ContainerRuntime> defaultRuntime;
    private final Supplier<Map<ContainerRuntime, String>> handlers;
    private final RuntimeClasses classes;

    /**
     * @param defaultRuntime the default runtime, null while there is none
     * @param handlers every runtime service of the process with its handler (empty: only the default runtime)
     * @param classes the RuntimeClasses, asked only for pods that name one
     */
    PodRuntimes(Supplier<ContainerRuntime> defaultRuntime, Supplier<Map<ContainerRuntime, String>> handlers,
                RuntimeClasses classes) {
        this.defaultRuntime = defaultRuntime;
        this.handlers = handlers;
        this.classes = classes;
    }

    /** Only the default runtime (hollow nodes). */
    static PodRuntimes only(Supplier<ContainerRuntime> runtime) {
        return new PodRuntimes(runtime, Map::of, new RuntimeClasses(name -> Optional.empty()));
    }

    /** The default runtime, null while there is none (the node's readiness follows it). */
    ContainerRuntime defaultRuntime() {
        return defaultRuntime.get();
    }

    /** Every runtime available now, the default first, each once. */
    List<ContainerRuntime> all() {
        Set<ContainerRuntime> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ContainerRuntime> all = new ArrayList<>();
        ContainerRuntime d = defaultRuntime.get();
        if (d != null) {
            seen.add(d);
            all.add(d);
        }
        for (ContainerRuntime rt : handlers.get().keySet()) {
            if (seen.add(rt)) {
                all.add(rt);
            }
        }
        return all;
    }

    /**
     * The runtime of a pod.
     *
     * @return the runtime, or empty while it is not there (the default runtime missing, e.g. during a bundle update)
     * @throws NoRuntime when the pod's RuntimeClass does not exist or no runtime of this node serves its handler
     */
    Optional<ContainerRuntime> forPod(Pod pod) throws NoRuntime {
        String className = pod.getSpec() == null ? null : pod.getSpec().getRuntimeClassName();
        if (className == null || className.isEmpty()) {
            return Optional.ofNullable(defaultRuntime.get());
        }
        String handler = classes.handler(className)
                .orElseThrow(() -> new NoRuntime("runtimeclass.node.k8s.io \"" + className + "\" not found"));
        for (Map.Entry<ContainerRuntime, String> e : handlers.get().entrySet()) {
            if (handler.equals(e.getValue())) {
                return Optional.of(e.getKey());
            }
        }
        throw new NoRuntime("RuntimeHandler \"" + handler + "\" not supported (RuntimeClass \"" + className
                + "\"): no container runtime of this node serves it");
    }

    /** A pod cannot run on this node: its RuntimeClass or the class's handler is missing. */
    static final class NoRuntime extends Exception {
        private static final long serialVersionUID = 1L;

        NoRuntime(String message) {
            super(message, null, false, false);
        }
    }
}
