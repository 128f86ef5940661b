package dev.orchestrator.controllers.runtime.internal.plugins;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;

/** The CustomResourceDefinitions one plugin bundle declares in its manifest header. */
final class PluginDefinitions {

    /** A definition the bundle names that is missing or not a CustomResourceDefinition: retrying will not help. */
    static final class InvalidDefinitionException extends RuntimeException {
        InvalidDefinitionException(String message) {
            super(message);
        }
    }

    private static final String KIND = "CustomResourceDefinition";
    private static final String API_VERSION = "apiextensions.k8s.io/v1";

    private final Bundle bundle;
    private final long bundleId;
    private final String header;

    PluginDefinitions(Bundle bundle, String header) {
        this.bundle = bundle;
        this.bundleId = bundle.getBundleId();
        this.header = header;
    }

    /** The bundle is still the one that started (not stopped, uninstalled or being updated since). */
    boolean bundleStillStarted() {
        return (bundle.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0 && bundle.getBundleId() == bundleId;
    }

    /** {@code symbolic-name version}, for labels on the definitions and for logs. */
    String bundleLabel() {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    List<CustomResourceDefinition> read(KubernetesSerialization serialization) {
        List<CustomResourceDefinition> definitions = new ArrayList<>();
        for (String path : header.split(",")) {
            String entry = path.trim();
            if (entry.isEmpty()) {
                continue;
            }
            URL url = bundle.getEntry(entry);
            if (url == null) {
                throw new InvalidDefinitionException("no resource " + entry + " in the bundle");
            }
            definitions.addAll(parse(serialization, entry, url));
        }
        return definitions;
    }

    private static List<CustomResourceDefinition> parse(KubernetesSerialization serialization, String entry, URL url) {
        Object parsed;
        try (InputStream in = url.openStream()) {
            parsed = serialization.unmarshal(in);
        } catch (IOException | RuntimeException e) {
            throw new InvalidDefinitionException(entry + " is not readable YAML: " + e.getMessage());
        }
        List<?> documents = parsed instanceof List<?> list ? list : List.of(parsed);
        List<CustomResourceDefinition> definitions = new ArrayList<>();
        for (Object document : documents) {
            if (document instanceof GenericKubernetesResource generic && KIND.equals(generic.getKind())
                    && API_VERSION.equals(generic.getApiVersion())) {
                document = serialization.convertValue(generic, CustomResourceDefinition.class);
            }
            if (!(document instanceof CustomResourceDefinition crd)) {
                String kind = document instanceof HasMetadata m ? m.getKind() : String.valueOf(document);
                throw new InvalidDefinitionException(entry + " holds a " + kind
                        + ", not an apiextensions.k8s.io/v1 CustomResourceDefinition");
            }
            definitions.add(crd);
        }
        return definitions;
    }
}
