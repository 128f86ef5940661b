package dev.orchestrator.controllers.runtime.internal.plugins;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one CustomResourceDefinition exist as a plugin declares it: created when missing; when present, its
 * spec replaced only if the declaration changed (so restarts and the other masters' extenders write nothing).
 * "Changed" is judged by a hash of the declared spec kept in an annotation, since the API server fills in
 * defaults the declaration leaves out. An invalid definition is the plugin's bug: logged as an error, not retried.
 */
final class DefinitionApplier {

    private static final Logger LOG = LoggerFactory.getLogger(DefinitionApplier.class);
    /** Which plugin bundle (symbolic name and version) last applied a definition. */
    static final String BUNDLE_ANNOTATION = "orchestrator.dev/plugin-bundle";
    /** SHA-256 of the spec as the plugin declared it, from the last create or update. */
    static final String SPEC_HASH_ANNOTATION = "orchestrator.dev/plugin-spec-sha256";

    private final KubernetesClient client;

    DefinitionApplier(KubernetesClient client) {
        this.client = client;
    }

    io.fabric8.kubernetes.client.utils.KubernetesSerialization serialization() {
        return client.getKubernetesSerialization();
    }

    void apply(CustomResourceDefinition declared, String bundle) {
        String name = declared.getMetadata().getName();
        var definitions = client.apiextensions().v1().customResourceDefinitions();
        try {
            CustomResourceDefinition current = definitions.withName(name).get();
            String hash = specHash(declared);
            if (current == null) {
                definitions.resource(annotated(declared, bundle, hash)).create();
                LOG.info("plugin CustomResourceDefinition created name={} bundle={}", name, bundle);
            } else if (!hash.equals(annotations(current).get(SPEC_HASH_ANNOTATION))) {
                current.setSpec(declared.getSpec());
                definitions.resource(annotated(current, bundle, hash)).update();
                LOG.info("plugin CustomResourceDefinition updated name={} bundle={}", name, bundle);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 409 && e.getCode() != 429) {
                throw new PluginDefinitions.InvalidDefinitionException("CustomResourceDefinition " + name
                        + " refused: " + e.getCode() + " " + (e.getStatus() == null ? e.getMessage()
                        : e.getStatus().getMessage()));
            }
            throw e; // conflict, throttling, server or connection trouble: again later
        }
    }

    private String specHash(CustomResourceDefinition crd) {
        try {
            byte[] spec = client.getKubernetesSerialization().asJson(crd.getSpec()).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spec));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> annotations(CustomResourceDefinition crd) {
        return crd.getMetadata().getAnnotations() == null ? Map.of() : crd.getMetadata().getAnnotations();
    }

    private static CustomResourceDefinition annotated(CustomResourceDefinition crd, String bundle, String hash) {
        Map<String, String> annotations = new HashMap<>(annotations(crd));
        annotations.put(BUNDLE_ANNOTATION, bundle);
        annotations.put(SPEC_HASH_ANNOTATION, hash);
        crd.getMetadata().setAnnotations(annotations);
        return crd;
    }
}
