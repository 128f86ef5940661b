package dev.orchestrator.kubelet.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The handler of each RuntimeClass (node.k8s.io/v1) a pod names, read from the API when first needed and kept for a
 * short while (a missing class too), so that a kubelet whose pods name no RuntimeClass (hollow nodes, most nodes)
 * never asks and one whose pods do asks about each class at most every {@link #TTL}. A class's handler cannot change
 * (it is immutable), so only its creation or deletion is seen late, by at most the TTL.
 */
final class RuntimeClasses {

    static final Duration TTL = Duration.ofSeconds(10);

    private final Function<String, Optional<String>> lookup;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<String> handler, long expiresNanos) {
    }

    RuntimeClasses(KubernetesClient client) {
        this(name -> Optional.ofNullable(client.genericKubernetesResources("node.k8s.io/v1", "RuntimeClass")
                .withName(name).get()).map(RuntimeClasses::handlerOf));
    }

    /** With a lookup of its own (tests): a class name to its handler, empty when there is no such class. */
    RuntimeClasses(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /**
     * The handler of the named class, empty when the class does not exist.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API cannot be asked
     */
    Optional<String> handler(String runtimeClassName) {
        long now = System.nanoTime();
        Cached c = cache.get(runtimeClassName);
        if (c != null && now - c.expiresNanos() < 0) {
            return c.handler();
        }
        Optional<String> handler = lookup.apply(runtimeClassName);
        cache.put(runtimeClassName, new Cached(handler, now + TTL.toNanos()));
        return handler;
    }

    private static String handlerOf(GenericKubernetesResource r) {
        Object h = r.getAdditionalProperties().get("handler");
        return h == null ? "" : h.toString();
    }
}
