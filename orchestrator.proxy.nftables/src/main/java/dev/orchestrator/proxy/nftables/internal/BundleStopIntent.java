package dev.orchestrator.proxy.nftables.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.ComponentConstants;

/**
 * Tells, while the proxy component deactivates, whether its table must go with it — the proxy is
 * switched off (its configuration deleted) or its bundle is stopped or uninstalled for good — or
 * stay for the next instance, which adopts it (bundle update or refresh, configuration change,
 * framework shutdown), so traffic keeps flowing meanwhile.
 *
 * <p>Felix 7 semantics this relies on ({@code org.apache.felix.framework.Felix}): a persistent
 * {@code Bundle.stop()} and {@code uninstall()} call {@code stopBundle(bundle, true)}, which
 * clears the bundle's persistent "started" flag before the STOPPING event on which SCR
 * deactivates the bundle's components; {@code update()}, a refresh and the framework's shutdown
 * call {@code stopBundle(bundle, false)} and leave the flag set. A stopping framework always keeps
 * the table, whatever reason SCR gives: configuration bundles may stop before this one.
 */
final class BundleStopIntent {

    private BundleStopIntent() {
    }

    /**
     * @param reason the DS deactivation reason ({@code ComponentConstants.DEACTIVATION_REASON_*})
     * @param bundle the component's bundle
     * @param framework the system bundle, or {@code null} when it cannot be had
     */
    static boolean removeTable(int reason, Bundle bundle, Bundle framework) {
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        return removeTable(reason, bundle.getState(), startLevel != null && startLevel.isPersistentlyStarted(),
                framework == null ? Bundle.ACTIVE : framework.getState());
    }

    /**
     * @param reason the DS deactivation reason
     * @param bundleState the state of the component's bundle
     * @param persistentlyStarted whether the framework will start the bundle again on its own
     * @param frameworkState the state of the system bundle
     */
    static boolean removeTable(int reason, int bundleState, boolean persistentlyStarted, int frameworkState) {
        if (frameworkState == Bundle.STOPPING) {
            return false;
        }
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED
                || bundleState == Bundle.UNINSTALLED) {
            return true;
        }
        return bundleState == Bundle.STOPPING && !persistentlyStarted;
    }
}
