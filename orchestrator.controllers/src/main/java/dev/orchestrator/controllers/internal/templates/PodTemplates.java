package dev.orchestrator.controllers.internal.templates;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a Deployment's pod template: the {@code pod-template-hash} that names its
 * ReplicaSet, and whether a ReplicaSet's template is the Deployment's (ignoring that label). Both
 * work on a canonical form (the JSON tree with every object's keys sorted), so the order in which
 * labels or annotations arrived never changes a hash.
 */
public final class PodTemplates {

    public static final String HASH_LABEL = "pod-template-hash";

    /** The alphabet of the hash: no vowels (no words) and no look-alikes such as 0/o, 1/l. */
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesSerialization serialization;

    public PodTemplates(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    /**
     * FNV-1a (32 bit) of the canonical template, and of the collision count when there is one,
     * written in {@link #ALPHABET}. A different collision count gives a different name when two
     * templates happen to share a hash.
     */
    public String hash(PodTemplateSpec template, Integer collisionCount) {
        String canonical = serialization.asJson(canonical(withoutHash(template)));
        int h = 0x811c9dc5;
        for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        if (collisionCount != null) {
            for (int shift = 0; shift < 32; shift += 8) {
                h ^= (collisionCount >>> shift) & 0xff;
                h *= 0x01000193;
            }
        }
        long value = Integer.toUnsignedLong(h);
        StringBuilder out = new StringBuilder();
        do {
            out.append(ALPHABET.charAt((int) (value % ALPHABET.length())));
            value /= ALPHABET.length();
        } while (value > 0);
        return out.toString();
    }

    /** True when both templates are the same but for the {@code pod-template-hash} label. */
    public boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return canonical(withoutHash(a)).equals(canonical(withoutHash(b)));
    }

    /** A copy of the template with the hash label added (to labels of the pods of a new ReplicaSet). */
    public PodTemplateSpec withHash(PodTemplateSpec template, String hash) {
        PodTemplateSpec copy = serialization.clone(template);
        if (copy.getMetadata() == null) {
            copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        Map<String, String> labels = new TreeMap<>(copy.getMetadata().getLabels() == null ? Map.of()
                : copy.getMetadata().getLabels());
        labels.put(HASH_LABEL, hash);
        copy.getMetadata().setLabels(labels);
        return copy;
    }

    private Object withoutHash(PodTemplateSpec template) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = serialization.convertValue(template, Map.class);
        if (tree.get("metadata") instanceof Map<?, ?> meta && meta.get("labels") instanceof Map<?, ?> labels) {
            labels.remove(HASH_LABEL);
            if (labels.isEmpty()) {
                meta.remove("labels");
            }
        }
        return tree;
    }

    /** Maps sorted by key, all the way down; empty maps and lists are the same as absent ones. */
    private static Object canonical(Object node) {
        if (node instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                Object value = canonical(v);
                if (value != null && !isEmpty(value)) {
                    sorted.put(String.valueOf(k), value);
                }
            });
            return sorted;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return node;
    }

    private static boolean isEmpty(Object value) {
        return value instanceof Map<?, ?> m && m.isEmpty() || value instanceof List<?> l && l.isEmpty();
    }
}
