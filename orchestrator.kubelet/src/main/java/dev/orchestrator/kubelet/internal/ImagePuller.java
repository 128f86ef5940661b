package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ImagePullException;
import dev.orchestrator.api.runtime.RegistryAuth;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a container's image present according to its pull policy (Always, IfNotPresent, Never),
 * with credentials from the pod's image pull secrets, and Kubernetes' image back-off: the first
 * failure shows ErrImagePull, the retries wait 10 s doubling to 5 min and show ImagePullBackOff.
 */
final class ImagePuller {

    private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final KubeletEvents events;
    private final ConfigSources sources;
    private final KubernetesSerialization json;
    /** pod uid + image → the last failure: back-off is per pod and image, like the kubelet's. */
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    private record Failure(long atMillis, Duration backoff, String message) {
    }

    ImagePuller(KubeletEvents events, ConfigSources sources, KubernetesSerialization json) {
        this.events = events;
        this.sources = sources;
        this.json = json;
    }

    void ensure(ContainerRuntime runtime, Pod pod, Container c) throws ContainerWaiting {
        String image = c.getImage();
        String policy = c.getImagePullPolicy() == null ? "IfNotPresent" : c.getImagePullPolicy();
        boolean present = runtime.images().status(image).isPresent();
        if ("Never".equals(policy)) {
            if (!present) {
                String message = "Container image \"" + image + "\" is not present with pull policy of Never";
                events.warning(pod, "ErrImageNeverPull", message);
                throw new ContainerWaiting("ErrImageNeverPull", message, INITIAL_BACKOFF);
            }
            return;
        }
        if (present && "IfNotPresent".equals(policy)) {
            events.normal(pod, "Pulled", "Container image \"" + image + "\" already present on machine");
            return;
        }
        String key = pod.getMetadata().getUid() + "/" + image;
        Failure last = failures.get(key);
        long now = System.currentTimeMillis();
        if (last != null && now < last.atMillis() + last.backoff().toMillis()) {
            String message = "Back-off pulling image \"" + image + "\": " + last.message();
            events.normal(pod, "BackOff", "Back-off pulling image \"" + image + "\"");
            throw new ContainerWaiting("ImagePullBackOff", message,
                    Duration.ofMillis(last.atMillis() + last.backoff().toMillis() - now));
        }
        events.normal(pod, "Pulling", "Pulling image \"" + image + "\"");
        long started = System.nanoTime();
        try {
            runtime.images().pull(image, auth(pod, image));
            failures.remove(key);
            events.normal(pod, "Pulled", String.format("Successfully pulled image \"%s\" in %dms", image,
                    (System.nanoTime() - started) / 1_000_000));
        } catch (ImagePullException e) {
            Duration backoff = last == null ? INITIAL_BACKOFF
                    : last.backoff().multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : last.backoff().multipliedBy(2);
            failures.put(key, new Failure(System.currentTimeMillis(), backoff, e.getMessage()));
            String message = "Failed to pull image \"" + image + "\": " + e.getMessage();
            events.warning(pod, "Failed", message);
            events.warning(pod, "Failed", "Error: ErrImagePull");
            throw new ContainerWaiting("ErrImagePull", message, backoff);
        }
    }

    /** Forgets the back-off of a pod that is gone. */
    void forget(String podUid) {
        failures.keySet().removeIf(k -> k.startsWith(podUid + "/"));
    }

    private Optional<RegistryAuth> auth(Pod pod, String image) {
        String registry = registryOf(image);
        for (LocalObjectReference ref : pod.getSpec().getImagePullSecrets()) {
            Optional<Map<String, String>> secret = sources.secret(pod.getMetadata().getNamespace(), ref.getName());
            String config = secret.map(s -> s.getOrDefault(".dockerconfigjson", s.get(".dockercfg"))).orElse(null);
            if (config == null) {
                continue;
            }
            Optional<RegistryAuth> auth = DockerConfig.authFor(json, config, registry);
            if (auth.isPresent()) {
                return auth;
            }
        }
        return Optional.empty();
    }

    /** The registry host of an image reference ("docker.io" when the first segment is no host). */
    static String registryOf(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }

    /** The credentials inside a {@code .dockerconfigjson} (or legacy {@code .dockercfg}) secret. */
    static final class DockerConfig {
        private DockerConfig() {
        }

        @SuppressWarnings("unchecked")
        static Optional<RegistryAuth> authFor(KubernetesSerialization json, String config, String registry) {
            Map<String, Object> root;
            try {
                root = json.unmarshal(config, Map.class);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            Object auths = root.containsKey("auths") ? root.get("auths") : root;
            if (!(auths instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String server = String.valueOf(e.getKey()).replaceFirst("^https?://", "").replaceFirst("/.*$", "");
                boolean match = server.equals(registry)
                        || (registry.equals("docker.io") && server.equals("index.docker.io"));
                if (match && e.getValue() instanceof Map<?, ?> entry) {
                    String user = str(entry.get("username"));
                    String password = str(entry.get("password"));
                    String auth = str(entry.get("auth"));
                    if (user.isEmpty() && !auth.isEmpty()) {
                        String decoded;
                        try {
                            decoded = new String(Base64.getDecoder().decode(auth), java.nio.charset.StandardCharsets.UTF_8);
                        } catch (IllegalArgumentException notBase64) {
                            decoded = ""; // not base64: no usable credential in this entry
                        }
                        int colon = decoded.indexOf(':');
                        if (colon > 0) {
                            user = decoded.substring(0, colon);
                            password = decoded.substring(colon + 1);
                        }
                    }
                    return Optional.of(new RegistryAuth(user, password, auth, server,
                            str(entry.get("identitytoken")), str(entry.get("registrytoken"))));
                }
            }
            return Optional.empty();
        }

        private static String str(Object o) {
            return o == null ? "" : o.toString();
        }
    }
}
