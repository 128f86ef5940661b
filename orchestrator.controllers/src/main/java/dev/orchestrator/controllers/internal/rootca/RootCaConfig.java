package dev.orchestrator.controllers.internal.rootca;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator root CA publisher",
        description = "Keeps the ConfigMap kube-root-ca.crt, the CA that signs the API server's certificate, in every "
                + "namespace that is not being deleted, for the ca.crt of the API credentials mounted into pods.")
public @interface RootCaConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;
}
