package dev.orchestrator.controllers.internal.certificates;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator CSR signing controller",
        description = "Signs approved kubelet client certificate requests with the cluster CA (ca.crt and ca.key of the "
                + "launch property orchestrator.pki.dir) and puts the certificate in status.certificate.")
public @interface CsrSigningConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "The longest validity of a signed certificate, in seconds (Kubernetes' "
            + "--cluster-signing-duration, one year); a request's spec.expirationSeconds may ask for less.")
    long maxDurationSeconds() default 365L * 24 * 3600;
}
