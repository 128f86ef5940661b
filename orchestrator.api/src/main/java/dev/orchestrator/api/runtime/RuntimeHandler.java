package dev.orchestrator.api.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Service property naming the runtime handler a {@link ContainerRuntime} serves ({@code runc} for
 * containerd's default, {@code sim} for the hollow runtime). A kubelet picks the runtime whose
 * handler its configuration names; RuntimeClass maps onto it later.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RuntimeHandler {

    /** Prefix of the property name: with it DS names the property {@code orchestrator.runtime.handler}. */
    String PREFIX_ = "orchestrator.";

    /** The service property's name. */
    String NAME = "orchestrator.runtime.handler";

    /** The handler's name. */
    String value();
}
