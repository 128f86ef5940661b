package dev.orchestrator.controllers.internal.daemonset;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator DaemonSet controller",
        description = "Runs one pod of every DaemonSet on each node its template fits.")
public @interface DaemonSetConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "Pods one reconcile creates at most; the rest follows in the next one.")
    int burstReplicas() default 250;
}
