package dev.orchestrator.controllers.internal.cronjob;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator CronJob controller",
        description = "Creates the Jobs of every CronJob at its schedule and keeps its Job history.")
public @interface CronJobConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "The time zone of schedules of CronJobs without spec.timeZone (an IANA name; "
            + "Kubernetes uses kube-controller-manager's local zone).")
    String defaultTimeZone() default "UTC";
}
