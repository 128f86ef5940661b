package dev.orchestrator.api.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/** Decides whether a pod may run on a node. */
@ConsumerType
public interface FilterPlugin {

    /** Service property with the plugin's name as profiles refer to it. */
    String NAME = "orchestrator.scheduler.plugin";

    /**
     * @param pod  the pod being scheduled, as JSON-shaped data of the API object
     * @param node the candidate node
     * @return why the node fits or not
     */
    PluginStatus filter(Object pod, Object node);
}
