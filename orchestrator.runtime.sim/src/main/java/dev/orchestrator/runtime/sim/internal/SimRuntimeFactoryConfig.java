package dev.orchestrator.runtime.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator simulated runtime factory",
        description = "Makes a hollow runtime per node for a fleet of hollow kubelets in one process.")
public @interface SimRuntimeFactoryConfig {

    @AttributeDefinition(description = "How long starting a container takes, in milliseconds (every runtime made).")
    long startLatencyMillis() default 0;

    @AttributeDefinition(description = "How long pulling an image takes, in milliseconds (every runtime made).")
    long pullLatencyMillis() default 0;

    @AttributeDefinition(description = "Images present before any pull in every runtime made.")
    String[] preloadedImages() default {};
}
