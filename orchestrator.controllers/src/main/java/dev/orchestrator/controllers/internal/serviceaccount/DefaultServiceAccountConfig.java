package dev.orchestrator.controllers.internal.serviceaccount;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator ServiceAccount controller",
        description = "Keeps a ServiceAccount named default in every namespace that is not being deleted.")
public @interface DefaultServiceAccountConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;
}
