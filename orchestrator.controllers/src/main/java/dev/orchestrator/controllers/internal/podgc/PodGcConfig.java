package dev.orchestrator.controllers.internal.podgc;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator pod garbage collector",
        description = "Deletes the pods of nodes that no longer exist, as kube-controller-manager's PodGC does.")
public @interface PodGcConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "How long a node must stay absent before its pods are deleted (Kubernetes: "
            + "40 s), so that a node being registered or re-created is not mistaken for a deleted one.")
    int quarantineSeconds() default 40;
}
