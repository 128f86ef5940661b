package dev.orchestrator.controllers.internal.replicaset;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator ReplicaSet controller",
        description = "Keeps the number of pods of every ReplicaSet at its replicas.")
public @interface ReplicaSetConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "Pods one reconcile creates or deletes at most; the rest follows in the next one.")
    int burstReplicas() default 500;

    @AttributeDefinition(description = "Pods of the first creation batch; each successful batch doubles the next "
            + "(slow start), and a failing batch ends the round.")
    int initialBatchSize() default 1;
}
