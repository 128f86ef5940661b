package dev.orchestrator.proxy.nftables.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The {@code proxy.mode} service property (the annotation name maps to it): which data plane a
 * ServiceProxy programs.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface ProxyMode {

    String value();
}
