package dev.orchestrator.api.runtime;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes one {@link ContainerRuntime} per node for a process that runs many simulated nodes (the
 * hollow fleet of scale tests), where registering a runtime service per node would cost a
 * configuration and a service registration each. Registered as a service with a
 * {@link RuntimeHandler} property naming the handler its runtimes serve (e.g. {@code sim}).
 *
 * <p>A runtime made here owns no thread, socket or file: dropping the last reference to it ends it.
 * Implementations are thread-safe.
 */
@ProviderType
public interface ContainerRuntimeFactory {

    /**
     * A new, empty runtime for one node.
     *
     * @param nodeName the node the runtime serves (for names and logs)
     * @param podCidr the IPv4 range its pod sandboxes get addresses from, e.g. {@code 10.128.3.0/24}
     * @throws IllegalArgumentException when {@code podCidr} is not a usable IPv4 range
     */
    ContainerRuntime create(String nodeName, String podCidr);
}
