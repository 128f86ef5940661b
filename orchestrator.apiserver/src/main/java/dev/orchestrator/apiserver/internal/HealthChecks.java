package dev.orchestrator.apiserver.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /healthz}, {@code /livez} and {@code /readyz} as kube-apiserver answers them, so that load balancers, probes
 * and {@code kubectl get --raw='/readyz?verbose'} read them alike: named checks, {@code ?verbose} lists them,
 * {@code ?exclude=NAME} (repeatable) skips one, {@code /readyz/NAME} runs one, and a failed check answers 500 with
 * every check listed. The answer withholds why a check failed, as Kubernetes' does; the server's log says it.
 */
final class HealthChecks {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    /** One named check: throws when unhealthy. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    /** What to send: the status code and the plain-text body. */
    record Answer(int status, String body) {
    }

    private final Map<String, Check> checks = new LinkedHashMap<>();

    /** @param store throws when the store does not answer (named "etcd", the name Kubernetes' checks carry) */
    HealthChecks(Check store) {
        checks.put("ping", () -> { });
        checks.put("etcd", store);
    }

    /** Whether the path is one of the health endpoints or one of their named checks. */
    static boolean serves(String path) {
        return endpoint(path) != null;
    }

    /**
     * @param path     the request path, e.g. {@code /readyz} or {@code /livez/etcd}
     * @param verbose  whether the query has a {@code verbose} parameter (any value)
     * @param excluded the {@code exclude} parameters' values
     * @return null when the path names no check, so that it is a 404 like any unknown path
     */
    Answer answer(String path, boolean verbose, List<String> excluded) {
        String endpoint = endpoint(path);
        String rest = path.substring(endpoint.length() + 1).replaceAll("^/+|/+$", "");
        if (!rest.isEmpty()) {
            Check one = checks.get(rest);
            if (one == null) {
                return null;
            }
            String failure = failure(rest, one);
            return failure == null ? new Answer(200, "ok") : new Answer(500, "internal server error: " + failure + "\n");
        }
        Set<String> unmatched = new LinkedHashSet<>(excluded);
        StringBuilder lines = new StringBuilder();
        boolean failed = false;
        for (Map.Entry<String, Check> check : checks.entrySet()) {
            if (unmatched.remove(check.getKey())) {
                lines.append("[+]").append(check.getKey()).append(" excluded: ok\n");
            } else if (failure(check.getKey(), check.getValue()) != null) {
                lines.append("[-]").append(check.getKey()).append(" failed: reason withheld\n");
                failed = true;
            } else {
                lines.append("[+]").append(check.getKey()).append(" ok\n");
            }
        }
        if (!unmatched.isEmpty()) {
            lines.append("warn: some health checks cannot be excluded: no matches for ")
                    .append(unmatched.stream().map(n -> '"' + n + '"').collect(Collectors.joining(", "))).append('\n');
        }
        if (failed) {
            return new Answer(500, lines + endpoint + " check failed\n");
        }
        return verbose ? new Answer(200, lines + endpoint + " check passed\n") : new Answer(200, "ok");
    }

    /** {@code readyz} for {@code /readyz}, {@code /readyz/} and {@code /readyz/etcd}; null for other paths. */
    private static String endpoint(String path) {
        for (String endpoint : List.of("healthz", "livez", "readyz")) {
            if (path.equals("/" + endpoint) || path.startsWith("/" + endpoint + "/")) {
                return endpoint;
            }
        }
        return null;
    }

    private static String failure(String name, Check check) {
        try {
            check.run();
            return null;
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("health check {} failed: {}", name, reason);
            return reason;
        }
    }
}
