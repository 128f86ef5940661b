package dev.orchestrator.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator backup endpoint",
        description = "GET /orchestrator/v1/backup on the API server's HTTP port streams a snapshot of the store "
                + "(every key under /registry/ at one revision; ./orch backup). Answers loopback clients only.")
public @interface BackupConfig {

    String PID = "orchestrator.admin.backup";

    @AttributeDefinition(description = "Serve the endpoint; false registers nothing.")
    boolean enabled() default true;
}
