package dev.orchestrator.proxy.iptables.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Tells, while a component of this bundle is being deactivated, whether the bundle is going away
 * for good (its rules must go) or only for a moment (the next instance adopts them).
 *
 * <p>How Felix 7 gets there (org.apache.felix.framework.Felix): {@code Bundle.stop()} and
 * {@code Bundle.uninstall()} call {@code stopBundle(bundle, record=true)}, which marks the bundle
 * persistently stopped <em>before</em> it moves to STOPPING and SCR deactivates the components.
 * {@code Bundle.update()}, a refresh ({@code RefreshHelper.stop}) and start-level changes —
 * including the framework's own shutdown — call {@code stopBundle(bundle, false)}, which leaves the
 * persistent autostart setting alone. So during deactivation:
 * <ul>
 *   <li>bundle STOPPING and no longer persistently started: stopped or uninstalled for good;</li>
 *   <li>bundle STOPPING but still persistently started: update, refresh or shutdown;</li>
 *   <li>bundle still ACTIVE: only the component goes (configuration change, SCR stopping).</li>
 * </ul>
 * A stopping system bundle is checked too, so that a shutdown never removes rules even if the
 * bundle had been started transiently. Checked against Felix 7.0.5 with a synchronous listener at
 * STOPPING (when SCR deactivates): stop() and uninstall() show persistentlyStarted=false;
 * stop(STOP_TRANSIENT), update(), refresh and framework stop show true (the last with the system
 * bundle STOPPING).
 */
final class BundleStopIntent {

    private BundleStopIntent() {
    }

    static boolean stoppedForGood(Bundle bundle, Bundle systemBundle) {
        if (systemBundle != null && systemBundle.getState() == Bundle.STOPPING) {
            return false;
        }
        if (bundle.getState() != Bundle.STOPPING) {
            return false;
        }
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        return startLevel != null && !startLevel.isPersistentlyStarted();
    }
}
