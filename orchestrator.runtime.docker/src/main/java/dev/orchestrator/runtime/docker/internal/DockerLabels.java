package dev.orchestrator.runtime.docker.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * What the runtime keeps on its docker containers as labels, so that a new instance (after a bundle update or a
 * restart) knows them again by listing: which are sandboxes (pause containers) and which are containers, the pod and
 * container metadata, the log path, and the kubelet's own labels and annotations (annotations under a prefix, since
 * docker has only labels).
 */
final class DockerLabels {

    static final String PREFIX = "io.orchestrator.docker.";
    static final String TYPE = PREFIX + "type";
    static final String TYPE_SANDBOX = "podsandbox";
    static final String TYPE_CONTAINER = "container";
    static final String SANDBOX_ID = PREFIX + "sandbox-id";
    static final String POD_NAME = PREFIX + "pod-name";
    static final String POD_NAMESPACE = PREFIX + "pod-namespace";
    static final String POD_UID = PREFIX + "pod-uid";
    static final String CONTAINER_NAME = PREFIX + "container-name";
    static final String ATTEMPT = PREFIX + "attempt";
    static final String LOG_PATH = PREFIX + "log-path";
    static final String HOST_NETWORK = PREFIX + "host-network";
    static final String CGROUP_PARENT = PREFIX + "cgroup-parent";
    static final String ANNOTATION = PREFIX + "annotation.";

    private DockerLabels() {
    }

    /** The docker labels for the kubelet's labels and annotations, plus the runtime's own. */
    static Map<String, String> encode(Map<String, String> labels, Map<String, String> annotations,
                                      Map<String, String> own) {
        Map<String, String> all = new HashMap<>(labels);
        annotations.forEach((k, v) -> all.put(ANNOTATION + k, v));
        all.putAll(own);
        return all;
    }

    /** The kubelet's labels back (the runtime's own and the annotations left out). */
    static Map<String, String> labels(Map<String, String> docker) {
        Map<String, String> result = new HashMap<>();
        if (docker != null) {
            docker.forEach((k, v) -> {
                if (!k.startsWith(PREFIX)) {
                    result.put(k, v);
                }
            });
        }
        return result;
    }

    /** The kubelet's annotations back. */
    static Map<String, String> annotations(Map<String, String> docker) {
        Map<String, String> result = new HashMap<>();
        if (docker != null) {
            docker.forEach((k, v) -> {
                if (k.startsWith(ANNOTATION)) {
                    result.put(k.substring(ANNOTATION.length()), v);
                }
            });
        }
        return result;
    }

    static String get(Map<String, String> docker, String key) {
        String v = docker == null ? null : docker.get(key);
        return v == null ? "" : v;
    }

    static int attempt(Map<String, String> docker) {
        try {
            return Integer.parseInt(get(docker, ATTEMPT));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
