package dev.orchestrator.controllers.internal.deployment;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator Deployment controller",
        description = "Rolls Deployments out through ReplicaSets: rolling update or recreate, revisions, pause, "
                + "progress deadline.")
public @interface DeploymentConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;
}
