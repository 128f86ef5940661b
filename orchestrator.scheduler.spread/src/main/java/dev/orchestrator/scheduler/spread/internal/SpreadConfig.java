package dev.orchestrator.scheduler.spread.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator spreading strategy",
        description = "LeastAllocated scoring plus spreading of a workload's replicas over nodes and zones.")
public @interface SpreadConfig {

    @AttributeDefinition(description = "Resources to balance and their weights, as name=weight.")
    String[] resources() default {"cpu=1", "memory=1"};
}
