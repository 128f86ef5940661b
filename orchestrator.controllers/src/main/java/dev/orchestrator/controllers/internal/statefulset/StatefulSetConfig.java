package dev.orchestrator.controllers.internal.statefulset;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator StatefulSet controller",
        description = "Keeps the pods of every StatefulSet: one pod per ordinal with a stable name, created, "
                + "deleted and updated in order.")
public @interface StatefulSetConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;
}
