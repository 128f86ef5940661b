package dev.orchestrator.controllers.internal.tainteviction;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator taint eviction controller",
        description = "Deletes the pods of a node with a NoExecute taint they do not tolerate, or once their "
                + "toleration's tolerationSeconds ran out, as Kubernetes' taint eviction controller does.")
public @interface TaintEvictionConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;
}
