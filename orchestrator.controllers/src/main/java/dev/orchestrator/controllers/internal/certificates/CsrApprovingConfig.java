package dev.orchestrator.controllers.internal.certificates;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator CSR approving controller",
        description = "Approves kubelets' client certificate requests (signer kubernetes.io/kube-apiserver-client-kubelet, "
                + "subject system:node:<name> in system:nodes) whose requester a SubjectAccessReview allows to create "
                + "certificatesigningrequests/nodeclient or /selfnodeclient.")
public @interface CsrApprovingConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false).")
    boolean enabled() default true;
}
