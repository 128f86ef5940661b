package dev.orchestrator.kubelet.internal;

import java.util.Map;
import java.util.Optional;

/**
 * Reads the data of the ConfigMaps and Secrets a pod refers to (Secret values already decoded).
 * An absent object is {@link Optional#empty()}; an unreachable API throws.
 */
interface ConfigSources {

    Optional<Map<String, String>> configMap(String namespace, String name);

    Optional<Map<String, String>> secret(String namespace, String name);
}
