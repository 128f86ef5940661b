package dev.orchestrator.controllers.internal.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The annotations by which a Deployment numbers its templates, as kubectl reads them
 * ({@code rollout history}, {@code rollout undo --to-revision}): every ReplicaSet carries the
 * revision of its template; a template used again (a rollback) gets the next number and remembers
 * its earlier ones in {@code revision-history}.
 */
final class Revisions {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

    /** Deployment annotations that are not copied to its ReplicaSets: the rollout's own, and kubectl's copy of the object. */
    private static final Set<String> NOT_COPIED = Set.of(REVISION, HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
            "kubectl.kubernetes.io/last-applied-configuration", "deprecated.deployment.rollback.to");

    private Revisions() {
    }

    /** The object's revision; 0 when it has none (or not a number). */
    static long of(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return parse(annotations == null ? null : annotations.get(REVISION));
    }

    static long max(Collection<ReplicaSet> replicaSets) {
        return replicaSets.stream().mapToLong(Revisions::of).max().orElse(0);
    }

    /**
     * The annotations a Deployment's current ReplicaSet should carry: its own, the Deployment's
     * (its change-cause, say), and {@code revision} — raised to {@code revision} with the old
     * number added to the history when the ReplicaSet had a lower one.
     */
    static Map<String, String> forNewReplicaSet(Deployment deployment, Map<String, String> current, long revision) {
        Map<String, String> annotations = new LinkedHashMap<>(current == null ? Map.of() : current);
        Map<String, String> fromDeployment = deployment.getMetadata().getAnnotations();
        if (fromDeployment != null) {
            fromDeployment.forEach((k, v) -> {
                if (!NOT_COPIED.contains(k)) {
                    annotations.put(k, v);
                }
            });
        }
        String old = annotations.get(REVISION);
        long oldRevision = parse(old);
        if (oldRevision < revision) {
            if (old != null && oldRevision > 0) {
                String history = annotations.get(HISTORY);
                annotations.put(HISTORY, history == null || history.isEmpty() ? old : history + "," + old);
            }
            annotations.put(REVISION, Long.toString(revision));
        }
        return annotations;
    }

    /** The scale annotations every ReplicaSet gets when the Deployment sizes it (read by proportional scaling). */
    static Map<String, String> withReplicas(Map<String, String> current, int desired, int max) {
        Map<String, String> annotations = new LinkedHashMap<>(current == null ? Map.of() : current);
        annotations.put(DESIRED_REPLICAS, Integer.toString(desired));
        annotations.put(MAX_REPLICAS, Integer.toString(max));
        return annotations;
    }

    /** An integer annotation, or {@code fallback}. */
    static int intAnnotation(HasMetadata object, String key, int fallback) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(key);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long parse(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
