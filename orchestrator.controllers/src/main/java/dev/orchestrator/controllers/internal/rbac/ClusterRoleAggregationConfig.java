package dev.orchestrator.controllers.internal.rbac;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator ClusterRole aggregation controller",
        description = "Fills the rules of each ClusterRole with an aggregationRule from the ClusterRoles its "
                + "selectors match (admin, edit and view gather the roles labeled aggregate-to-admin/edit/view).")
public @interface ClusterRoleAggregationConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;
}
