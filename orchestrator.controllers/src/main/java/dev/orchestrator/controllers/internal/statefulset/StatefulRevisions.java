package dev.orchestrator.controllers.internal.statefulset;

import dev.orchestrator.api.controller.Lister;
import dev.orchestrator.controllers.internal.revisions.TemplateRevisions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A StatefulSet's two revisions: the update revision is that of its template now (made when new, through
 * {@link TemplateRevisions}); the current revision is the one {@code status.currentRevision} names, or the update
 * revision when it names none that exists (a new set, or a history pruned by hand).
 */
final class StatefulRevisions {

    private final TemplateRevisions revisions;

    StatefulRevisions(TemplateRevisions revisions) {
        this.revisions = revisions;
    }

    /** The revisions of one round and the history they were found in (oldest first). */
    record Resolved(ControllerRevision current, TemplateRevisions.Current update, List<ControllerRevision> history) {

        RevisionPair names() {
            return new RevisionPair(current.getMetadata().getName(), update.name());
        }
    }

    /**
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when writing a new or renumbered revision
     *     fails (409: a revision changed since the cache saw it)
     */
    Resolved resolve(StatefulSet sts, Lister<ControllerRevision> lister) {
        List<ControllerRevision> history = TemplateRevisions.history(sts, lister);
        Map<String, String> labels = sts.getSpec().getSelector() == null
                || sts.getSpec().getSelector().getMatchLabels() == null
                ? Map.of() : sts.getSpec().getSelector().getMatchLabels();
        int collisions = sts.getStatus() == null || sts.getStatus().getCollisionCount() == null
                ? 0 : sts.getStatus().getCollisionCount();
        TemplateRevisions.Current update = revisions.current(sts, sts.getSpec().getTemplate(), history, labels,
                collisions);
        String currentName = sts.getStatus() == null ? null : sts.getStatus().getCurrentRevision();
        ControllerRevision current = update.name().equals(currentName) ? update.revision()
                : history.stream().filter(r -> r.getMetadata().getName().equals(currentName)).findFirst()
                        .orElse(update.revision());
        return new Resolved(current, update, history);
    }

    /** The template pods of the named revision are made from (one of the two of {@code resolved}). */
    PodTemplateSpec templateOf(StatefulSet sts, Resolved resolved, String revision) {
        if (revision.equals(resolved.update().name())) {
            return sts.getSpec().getTemplate();
        }
        return revisions.templateOf(resolved.current());
    }

    /**
     * Deletes the oldest revisions beyond {@code revisionHistoryLimit}, keeping the two of this round and every one
     * a pod is still made from (a rollback to it is then one pod deletion away).
     */
    void prune(StatefulSet sts, Resolved resolved, List<Pod> pods) {
        Set<String> podRevisions = new HashSet<>();
        pods.forEach(p -> podRevisions.add(StatefulPods.revisionOf(p)));
        Set<String> inUse = new HashSet<>();
        inUse.add(TemplateRevisions.hashOf(resolved.current()));
        inUse.add(resolved.update().hash());
        for (ControllerRevision revision : resolved.history()) {
            if (podRevisions.contains(revision.getMetadata().getName())) {
                inUse.add(TemplateRevisions.hashOf(revision));
            }
        }
        revisions.prune(resolved.history(), resolved.update().name(), inUse,
                StatefulSetSpecs.revisionHistoryLimit(sts));
    }
}
