package dev.orchestrator.controllers.internal.hpa;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator HorizontalPodAutoscaler controller",
        description = "Scales the targets of HorizontalPodAutoscalers by their pods' CPU and memory usage "
                + "(metrics.k8s.io), as kube-controller-manager's HPA controller does.")
public @interface HpaConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "Seconds between two evaluations of an HPA "
            + "(--horizontal-pod-autoscaler-sync-period).")
    int syncPeriodSeconds() default 15;

    @AttributeDefinition(description = "The ratio of usage to target within which nothing is scaled, e.g. 0.1: "
            + "between 90 % and 110 % of the target (--horizontal-pod-autoscaler-tolerance).")
    double tolerance() default 0.1;

    @AttributeDefinition(description = "Seconds after a pod's start during which its CPU reading counts only once it is "
            + "ready and was so for the reading's whole window (--horizontal-pod-autoscaler-cpu-initialization-period).")
    int cpuInitializationPeriodSeconds() default 300;

    @AttributeDefinition(description = "Seconds after a pod's start within which a readiness change means it never was "
            + "ready, so its CPU is not trusted (--horizontal-pod-autoscaler-initial-readiness-delay).")
    int initialReadinessDelaySeconds() default 30;

    @AttributeDefinition(description = "The scale-down stabilization window of HPAs that set none in spec.behavior: "
            + "the highest recommendation of this many seconds wins (--horizontal-pod-autoscaler-downscale-stabilization).")
    int downscaleStabilizationSeconds() default 300;
}
