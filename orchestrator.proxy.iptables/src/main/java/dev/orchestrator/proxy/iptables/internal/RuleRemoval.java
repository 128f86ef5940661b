package dev.orchestrator.proxy.iptables.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.ComponentConstants;

/**
 * Decides, when the proxy component is deactivated, whether its rules go with it: yes when the
 * proxy is switched off (its configuration deleted) or its bundle is stopped or uninstalled for
 * good; no when the bundle is only updated or refreshed, the configuration changed, or the
 * framework shuts down — then the next instance (or the next start) adopts the rules and traffic
 * keeps flowing meanwhile.
 *
 * <p>How Felix 7 tells a stop for good from a passing one (org.apache.felix.framework.Felix):
 * {@code Bundle.stop()} and {@code Bundle.uninstall()} call {@code stopBundle(bundle, record=true)},
 * which marks the bundle persistently stopped <em>before</em> it moves to STOPPING and SCR
 * deactivates the components. {@code Bundle.update()}, a refresh ({@code RefreshHelper.stop}) and
 * start-level changes — the framework's own shutdown among them — call
 * {@code stopBundle(bundle, false)}, which leaves the persistent autostart setting alone. Checked
 * against Felix 7.0.5 with a synchronous listener at STOPPING: stop() and uninstall() show
 * {@code isPersistentlyStarted() == false}; stop(STOP_TRANSIENT), update(), refresh and framework
 * stop show true (the last with the system bundle STOPPING).
 *
 * <p>A stopping framework always keeps the rules, whatever the reason SCR gives: while it shuts
 * down, configuration bundles may go before this one.
 */
final class RuleRemoval {

    private RuleRemoval() {
    }

    /**
     * @param reason the DS deactivation reason ({@code ComponentConstants.DEACTIVATION_REASON_*})
     */
    static boolean onDeactivation(int reason, Bundle bundle, Bundle systemBundle) {
        if (systemBundle != null && systemBundle.getState() == Bundle.STOPPING) {
            return false;
        }
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED) {
            return true;
        }
        return stoppedForGood(bundle);
    }

    private static boolean stoppedForGood(Bundle bundle) {
        if (bundle.getState() != Bundle.STOPPING) {
            return false;
        }
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        return startLevel != null && !startLevel.isPersistentlyStarted();
    }
}
