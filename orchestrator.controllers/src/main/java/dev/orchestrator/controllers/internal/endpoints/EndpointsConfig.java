package dev.orchestrator.controllers.internal.endpoints;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator EndpointSlice controller",
        description = "Keeps the EndpointSlices and the Endpoints of every Service with a selector.")
public @interface EndpointsConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "Endpoints per EndpointSlice at most (Kubernetes' default is 100).")
    int maxEndpointsPerSlice() default 100;
}
