package dev.orchestrator.api.proxy;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Programs the data path of Services on one node. Implementations receive the whole
 * desired state each time (level-triggered) and apply only what changed.
 */
@ProviderType
public interface ServiceProxy {

    /** Makes the node's rules match exactly these services. */
    void sync(List<ServiceRule> services);

    /** A service port and where its traffic goes. */
    record ServiceRule(String namespace, String name, String clusterIp, int port, String protocol,
                       int nodePort, List<Endpoint> endpoints) {
    }

    /** One backend of a service port. */
    record Endpoint(String ip, int port) {
    }
}
