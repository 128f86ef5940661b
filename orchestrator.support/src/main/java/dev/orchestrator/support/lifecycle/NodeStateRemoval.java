package dev.orchestrator.support.lifecycle;

import java.io.IOException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Decides, when a component that owns state on the node (rules in the kernel, say) is deactivated, whether that
 * state goes with it. It goes when the component is switched off for good: its configuration deleted, or its
 * bundle stopped or uninstalled by an operator. It stays when the bundle is only updated or refreshed, the
 * configuration changed, or the framework shuts down: the next instance (or the next start) adopts it, and what it
 * does for the node keeps working meanwhile.
 *
 * <p>How Felix tells a stop for good from a passing one: {@code Bundle.stop()} and {@code uninstall()} mark the
 * bundle persistently stopped before it moves to STOPPING and its components are deactivated; {@code update()},
 * a refresh and the framework's own shutdown leave the persistent setting alone (checked with Felix 7.0.5). The
 * deactivation reason that Declarative Services defines is not used: Felix SCR 2.2 passes 0 (unspecified) for a
 * deleted configuration as for an update.
 */
public final class NodeStateRemoval {

    private NodeStateRemoval() {
    }

    /** Reads the facts from the framework and Configuration Admin, then {@link #decide}s. */
    public static boolean onDeactivation(BundleContext context, ConfigurationAdmin configurations, String pid) {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        Bundle own = context.getBundle();
        BundleStartLevel startLevel = own.adapt(BundleStartLevel.class);
        return decide(system != null && system.getState() == Bundle.STOPPING, configured(configurations, pid),
                own.getState() == Bundle.STOPPING, startLevel == null || startLevel.isPersistentlyStarted());
    }

    /**
     * @param frameworkStopping the whole process shuts down (configuration bundles may already be gone)
     * @param configured the component's configuration still exists
     * @param bundleStopping the component's own bundle is stopping
     * @param persistentlyStarted the bundle is still meant to run (false after {@code stop()} or uninstall)
     * @return whether to remove the state
     */
    public static boolean decide(boolean frameworkStopping, boolean configured, boolean bundleStopping,
                                 boolean persistentlyStarted) {
        if (frameworkStopping) {
            return false;
        }
        if (!configured) {
            return true;
        }
        return bundleStopping && !persistentlyStarted;
    }

    /** Whether a configuration exists; when Configuration Admin cannot say, assume it does (keep the state). */
    private static boolean configured(ConfigurationAdmin configurations, String pid) {
        try {
            Configuration[] found = configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            return found != null && found.length > 0;
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            return true;
        }
    }
}
