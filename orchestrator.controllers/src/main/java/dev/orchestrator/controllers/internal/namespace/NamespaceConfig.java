package dev.orchestrator.controllers.internal.namespace;

import dev.orchestrator.api.controller.Reconciler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator Namespace controller",
        description = "Deletes the content of namespaces being deleted, then removes their kubernetes finalizer.")
public @interface NamespaceConfig {

    @AttributeDefinition(description = "False switches the controller off (the runtime ignores reconcilers with "
            + Reconciler.ENABLED + "=false); deleted namespaces then stay Terminating.")
    boolean enabled() default true;

    @AttributeDefinition(description = "Milliseconds between deletion rounds of a namespace whose content is not "
            + "gone yet (pods stopping gracefully, finalizers); a pod event of the namespace starts one sooner.")
    long recheckMillis() default 1000;
}
