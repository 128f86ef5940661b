package dev.orchestrator.controllers.internal.volumes;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator persistent volume controller",
        description = "Binds PersistentVolumeClaims to PersistentVolumes, makes the volumes of the local-path class, "
                + "and releases or deletes volumes whose claim is gone.")
public @interface PersistentVolumeConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;
}
