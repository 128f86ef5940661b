package dev.orchestrator.controllers.internal.quota;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator ResourceQuota controller",
        description = "Keeps each ResourceQuota's status.hard and status.used true to the objects of its namespace.")
public @interface ResourceQuotaConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "Seconds between full recounts of a quota, which catch the kinds whose "
            + "events the controller does not watch (count/<resource> of any resource). Kubernetes: 300.")
    int resyncSeconds() default 60;
}
