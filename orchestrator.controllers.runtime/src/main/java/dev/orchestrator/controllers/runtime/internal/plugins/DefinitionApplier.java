package dev.orchestrator.controllers.runtime.internal.plugins;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one CustomResourceDefinition exist as a plugin declares it: created when missing; when present, its
 * spec replaced only if it differs (so restarts and the other masters' extenders write nothing). An invalid
 * definition is the plugin's bug: logged as an error, not retried.
 */
final class DefinitionApplier {

    private static final Logger LOG = LoggerFactory.getLogger(DefinitionApplier.class);
    /** Which plugin bundle (symbolic name and version) last applied a definition. */
    static final String BUNDLE_ANNOTATION = "orchestrator.dev/plugin-bundle";

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
            if (current == null) {
                definitions.resource(withBundle(declared, bundle)).create();
                LOG.info("plugin CustomResourceDefinition created name={} bundle={}", name, bundle);
            } else if (!Objects.equals(current.getSpec(), declared.getSpec())) {
                current.setSpec(declared.getSpec());
                definitions.resource(withBundle(current, bundle)).update();
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

    private static CustomResourceDefinition withBundle(CustomResourceDefinition crd, String bundle) {
        Map<String, String> annotations = new HashMap<>(crd.getMetadata().getAnnotations() == null ? Map.of()
                : crd.getMetadata().getAnnotations());
        annotations.put(BUNDLE_ANNOTATION, bundle);
        crd.getMetadata().setAnnotations(annotations);
        return crd;
    }
}
