package dev.orchestrator.scheduler.binpack.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator bin-packing strategy",
        description = "MostAllocated scoring: the node that would be fullest with the pod wins.")
public @interface BinpackConfig {

    @AttributeDefinition(description = "Resources to pack by and their weights, as name=weight.")
    String[] resources() default {"cpu=1", "memory=1"};
}
