package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Optional;

/** A port given by number or by the name of one of the container's ports (probes and lifecycle hooks). */
public final class ContainerPorts {

    private ContainerPorts() {
    }

    /** @return the port number, empty when none is given or the name is not one of the container's ports */
    public static Optional<Integer> resolve(Container spec, IntOrString port) {
        if (port == null || port.getIntVal() == null && port.getStrVal() == null) {
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            return Optional.of(port.getIntVal());
        }
        String value = port.getStrVal();
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
            return Optional.of(Integer.parseInt(value));
        }
        return spec.getPorts().stream().filter(p -> value.equals(p.getName())).findFirst().map(p -> p.getContainerPort());
    }

    /** How a port appears in messages: its number, or its name when it was given by name. */
    static String describe(IntOrString port) {
        return port == null ? "<none>" : port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
    }
}
