package dev.orchestrator.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The Declarative Services components of a bundle and their state, from the DS runtime: what tells an operator
 * why a plugin that is ACTIVE as a bundle does nothing (a component waiting for a service, one whose activation
 * threw, with its message).
 */
final class PluginComponents {

    private PluginComponents() {
    }

    /** One entry per component configuration: name, state and (for a failed activation) the failure. */
    static ArrayNode of(BundleContext context, Bundle bundle) {
        ArrayNode components = JsonNodeFactory.instance.arrayNode();
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = ref == null ? null : context.getService(ref);
        if (scr == null) {
            return components;
        }
        try {
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                List<ComponentConfigurationDTO> configurations = new ArrayList<>(
                        scr.getComponentConfigurationDTOs(description));
                if (configurations.isEmpty()) {
                    components.add(component(description.name,
                            scr.isComponentEnabled(description) ? "waiting for its configuration" : "disabled", null));
                }
                for (ComponentConfigurationDTO configuration : configurations) {
                    components.add(component(description.name, state(configuration), configuration.failure));
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return components;
    }

    /** One line: {@code name active, other failed: message}. */
    static String summary(ArrayNode components) {
        List<String> parts = new ArrayList<>();
        components.forEach(c -> parts.add(c.path("name").asText() + " " + c.path("state").asText()
                + (c.hasNonNull("failure") ? ": " + c.path("failure").asText() : "")));
        return parts.isEmpty() ? "no components" : String.join(", ", parts);
    }

    private static ObjectNode component(String name, String state, String failure) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("name", name);
        c.put("state", state);
        if (failure != null && !failure.isBlank()) {
            c.put("failure", failure.lines().findFirst().orElse(failure));
        }
        return c;
    }

    private static String state(ComponentConfigurationDTO configuration) {
        return switch (configuration.state) {
            case ComponentConfigurationDTO.ACTIVE -> "active";
            case ComponentConfigurationDTO.SATISFIED -> "satisfied";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "waiting for a service";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "waiting for its configuration";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed";
            default -> "state " + configuration.state;
        };
    }
}
