package dev.orchestrator.process.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator graceful shutdown",
        description = "What happens when the JVM is asked to exit (SIGTERM, Ctrl-C).")
public @interface GracefulShutdownConfig {

    String PID = "orchestrator.process.shutdown";

    @AttributeDefinition(description = "Seconds to wait for every bundle to stop before the JVM exits anyway.")
    int stopTimeoutSeconds() default 30;
}
