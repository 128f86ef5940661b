package dev.orchestrator.controllers.internal.revisions;

import dev.orchestrator.api.controller.Lister;
import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import dev.orchestrator.controllers.internal.templates.PodTemplates;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pod template history of a DaemonSet or StatefulSet, kept as ControllerRevisions as Kubernetes keeps it (what
 * {@code kubectl rollout history} and {@code undo} read): each revision is named {@code <owner>-<hash>}, is
 * controlled by its owner, and holds {@code {"spec":{"template":{…,"$patch":"replace"}}}} with an increasing
 * {@code revision} number. Going back to an earlier template reuses its revision and gives it the next number.
 */
public final class TemplateRevisions {

    /** The pod label naming the revision a pod was made from. */
    public static final String HASH_LABEL = "controller-revision-hash";

    /** Names tried per call before giving up: a real hash collision is rare, a run of them a fault. */
    private static final int MAX_COLLISIONS = 5;

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;
    private final PodTemplates templates;

    public TemplateRevisions(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
        this.templates = new PodTemplates(serialization);
    }

    /**
     * The revision of the owner's current template.
     *
     * @param revision the ControllerRevision
     * @param hash its hash (the part of its name after the owner's)
     * @param collisionCount the collision count to keep in the owner's status (raised past a name taken by a
     *     different template)
     */
    public record Current(ControllerRevision revision, String hash, int collisionCount) {
        public String name() {
            return revision.getMetadata().getName();
        }
    }

    /** The owner's revisions in the cache, oldest first. */
    public static List<ControllerRevision> history(HasMetadata owner, Lister<ControllerRevision> lister) {
        List<ControllerRevision> owned = new ArrayList<>(lister.controlledBy(owner.getMetadata().getNamespace(),
                owner.getMetadata().getUid()));
        owned.sort(Comparator.comparingLong(TemplateRevisions::number));
        return owned;
    }

    public static long number(ControllerRevision revision) {
        return revision.getRevision() == null ? 0 : revision.getRevision();
    }

    /** The hash a revision's name carries after its owner's name. */
    public static String hashOf(ControllerRevision revision) {
        Map<String, String> labels = revision.getMetadata().getLabels();
        String hash = labels == null ? null : labels.get(HASH_LABEL);
        if (hash != null) {
            return hash;
        }
        String name = revision.getMetadata().getName();
        return name.substring(name.lastIndexOf('-') + 1);
    }

    /** The pod template a revision holds. */
    public PodTemplateSpec templateOf(ControllerRevision revision) {
        Object raw = revision.getData() instanceof RawExtension extension ? extension.getValue() : revision.getData();
        if (raw instanceof Map<?, ?> data && data.get("spec") instanceof Map<?, ?> spec
                && spec.get("template") instanceof Map<?, ?> template) {
            Map<Object, Object> copy = new LinkedHashMap<>(template);
            copy.remove("$patch");
            return serialization.convertValue(copy, PodTemplateSpec.class);
        }
        return new PodTemplateSpec();
    }

    /**
     * Finds or makes the revision of {@code template}: an equal revision in {@code history} (renumbered to be the
     * newest when it is not), else a new one numbered after the newest.
     *
     * @param labels the revision's labels besides the hash (the owner's selector labels, as Kubernetes copies them)
     */
    public Current current(HasMetadata owner, PodTemplateSpec template, List<ControllerRevision> history,
                           Map<String, String> labels, int collisionCount) {
        long newest = history.stream().mapToLong(TemplateRevisions::number).max().orElse(0);
        Optional<ControllerRevision> equal = history.stream()
                .filter(r -> templates.equalIgnoringHash(templateOf(r), template))
                .max(Comparator.comparingLong(TemplateRevisions::number));
        if (equal.isPresent()) {
            ControllerRevision found = equal.get();
            if (number(found) < newest) {
                found = renumber(found, newest + 1);
            }
            return new Current(found, hashOf(found), collisionCount);
        }
        for (int count = collisionCount; count < collisionCount + MAX_COLLISIONS; count++) {
            String hash = templates.hash(template, count == 0 ? null : count);
            ControllerRevision wanted = revision(owner, template, hash, labels, newest + 1);
            try {
                return new Current(client.resource(wanted).create(), hash, count);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                ControllerRevision taken = client.resources(ControllerRevision.class)
                        .inNamespace(owner.getMetadata().getNamespace()).withName(wanted.getMetadata().getName()).get();
                if (taken != null && templates.equalIgnoringHash(templateOf(taken), template)
                        && OwnerReferences.controllerOf(taken).map(r -> owner.getMetadata().getUid().equals(r.getUid()))
                        .orElse(false)) {
                    return new Current(taken, hash, count); // made by an earlier reconcile the cache has not seen
                }
                // another template (or owner) holds the name: the next collision count names it differently
            }
        }
        throw new IllegalStateException("no free revision name for " + owner.getMetadata().getName() + " after "
                + MAX_COLLISIONS + " collisions");
    }

    /**
     * Deletes the oldest revisions beyond {@code limit}, never the current one nor one that a live pod was made
     * from ({@code inUse}: hashes).
     */
    public void prune(List<ControllerRevision> history, String current, Set<String> inUse, int limit) {
        List<ControllerRevision> removable = history.stream()
                .filter(r -> !r.getMetadata().getName().equals(current) && !inUse.contains(hashOf(r))).toList();
        for (int i = 0; i < removable.size() - Math.max(0, limit); i++) {
            ControllerRevision old = removable.get(i);
            client.resources(ControllerRevision.class).inNamespace(old.getMetadata().getNamespace())
                    .withName(old.getMetadata().getName()).delete();
        }
    }

    private ControllerRevision renumber(ControllerRevision revision, long number) {
        ControllerRevision copy = serialization.clone(revision);
        copy.setRevision(number);
        return client.resource(copy).update();
    }

    private ControllerRevision revision(HasMetadata owner, PodTemplateSpec template, String hash,
                                        Map<String, String> labels, long number) {
        Map<String, Object> templateTree = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = serialization.convertValue(template, Map.class);
        templateTree.putAll(tree);
        templateTree.put("$patch", "replace");
        Map<String, String> revisionLabels = new LinkedHashMap<>(labels);
        revisionLabels.put(HASH_LABEL, hash);
        return new ControllerRevisionBuilder()
                .withNewMetadata()
                    .withName(owner.getMetadata().getName() + "-" + hash)
                    .withNamespace(owner.getMetadata().getNamespace())
                    .withLabels(revisionLabels)
                    .withOwnerReferences(OwnerReferences.controllerRef(owner))
                .endMetadata()
                .withData(Map.of("spec", Map.of("template", templateTree)))
                .withRevision(number)
                .build();
    }
}
