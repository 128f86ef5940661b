package dev.orchestrator.controllers.internal.disruption;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator disruption controller",
        description = "Keeps the status of every PodDisruptionBudget (healthy, desired and expected pods, disruptions "
                + "allowed), which the eviction subresource reads, as kube-controller-manager's disruption controller does.")
public @interface DisruptionConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "How long an eviction's entry in status.disruptedPods keeps its pod out of the "
            + "healthy count while the pod is not deleted (Kubernetes: 120 s); after that the pod counts again.")
    int deletionTimeoutSeconds() default 120;
}
