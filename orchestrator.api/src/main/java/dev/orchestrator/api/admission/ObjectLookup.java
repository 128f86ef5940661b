package dev.orchestrator.api.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Read access for plugins to the objects stored now (LimitRanges, ResourceQuotas, Namespaces…), from the
 * API server's storage. The objects are copies: changing one changes nothing stored. Thread-safe.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ObjectLookup {

    /**
     * @param group     the API group, {@code ""} for core
     * @param resource  the plural name ({@code limitranges})
     * @param namespace the namespace, {@code ""} for a cluster-scoped resource
     * @return the object, empty when it does not exist or the resource is not served
     */
    Optional<ObjectNode> get(String group, String resource, String namespace, String name);

    /** Every object of the resource in {@code namespace} ({@code ""}: all namespaces, or cluster-scoped). */
    List<ObjectNode> list(String group, String resource, String namespace);
}
