package dev.orchestrator.api.admission;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Service properties of a {@link MutatingAdmission} or {@link ValidatingAdmission} (a DS component property type):
 * put it on the plugin's component class. The order among plugins is the standard {@code service.ranking}
 * ({@code @ServiceRanking}), highest first.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AdmissionPlugin {

    /** Prefix of the service property names: {@code admission.name}. */
    String PREFIX_ = "admission.";

    /** Service property that names the plugin. */
    String NAME = PREFIX_ + "name";

    /** The plugin's name in logs and in the API server's {@code disabledAdmissionPlugins} switch. */
    String name();
}
