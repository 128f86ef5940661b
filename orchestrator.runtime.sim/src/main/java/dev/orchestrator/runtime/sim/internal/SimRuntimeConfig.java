package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.RuntimeHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator simulated runtime",
        description = "A hollow container runtime for scale tests: sandboxes get pod IPs and containers change "
                + "state on a timetable set by their command line, but no process runs.")
public @interface SimRuntimeConfig {

    @AttributeDefinition(description = "IPv4 range the pod sandboxes get their addresses from (lowest free "
            + "first; the network address, .1 as gateway and the broadcast address are never given out).")
    String podCidr() default "10.244.0.0/24";

    @AttributeDefinition(description = "How long starting a container takes, in milliseconds (the start call "
            + "blocks that long).")
    long startLatencyMillis() default 0;

    @AttributeDefinition(description = "How long pulling an image takes, in milliseconds (the pull call blocks "
            + "that long).")
    long pullLatencyMillis() default 0;

    @AttributeDefinition(description = "Images present before any pull, e.g. the pause image; every other "
            + "image is pulled on demand (those under missing/ fail to pull).")
    String[] preloadedImages() default {};

    @AttributeDefinition(name = RuntimeHandler.NAME, description = "The runtime handler this runtime serves: "
            + "a kubelet uses the runtime whose handler its configuration names.")
    String orchestrator_runtime_handler() default "sim";
}
