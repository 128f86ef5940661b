package dev.orchestrator.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator bundle admin",
        description = "Operator endpoint /orchestrator/v1/bundles on the API server's HTTP port: lists the bundles "
                + "of this process and hot-updates one from an uploaded jar. Answers loopback clients only.")
public @interface BundleAdminConfig {

    String PID = "orchestrator.admin";

    @AttributeDefinition(description = "Serve the endpoint; false unregisters it (bundles can then only be "
            + "updated from inside the framework).")
    boolean enabled() default true;

    @AttributeDefinition(description = "Largest jar an update accepts, in bytes (413 above).")
    long maxJarBytes() default 200L * 1024 * 1024;

    @AttributeDefinition(description = "How long an update waits for the refresh of the updated bundle and its "
            + "dependents to complete, in seconds (504 after).")
    int refreshTimeoutSeconds() default 60;
}
