package dev.orchestrator.controllers.internal.job;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator Job controller",
        description = "Runs the pods of every batch/v1 Job until its completions succeed or it fails.")
public @interface JobConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "Pods one reconcile creates or deletes at most; the rest follows in the next one.")
    int burstPods() default 500;

    @AttributeDefinition(description = "Pods of the first creation batch; each successful batch doubles the next "
            + "(slow start), and a failing batch ends the round.")
    int initialBatchSize() default 1;

    @AttributeDefinition(description = "Delay before a pod that replaces a failed one is created, in milliseconds; "
            + "it doubles with each further failure since the last success (Kubernetes: 10 s).")
    long podFailureBackoffMillis() default 10_000;

    @AttributeDefinition(description = "The longest pod failure back-off, in milliseconds (Kubernetes: 6 minutes).")
    long maxPodFailureBackoffMillis() default 360_000;
}
