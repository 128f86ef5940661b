package dev.orchestrator.controllers.internal.gc;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator garbage collector",
        description = "Deletes objects whose owners are gone and carries out orphan and foreground deletion.")
public @interface GarbageCollectorConfig {

    @AttributeDefinition(description = "False switches the garbage collector off (it registers no reconcilers; "
            + "objects deleted with propagationPolicy Orphan or Foreground then keep their finalizer). "
            + "Reconcilers with " + Reconciler.ENABLED + "=false are ignored by the runtime.")
    boolean enabled() default true;
}
