package dev.orchestrator.proxy.nftables.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Tells, while a component deactivates, whether its bundle is going away for good — then the
 * proxy's rules must go with it — or only for a while, when the next instance adopts them.
 *
 * <p>Felix 7 semantics this relies on (Felix.stopBundle, updateBundle, uninstallBundle): a
 * persistent {@code Bundle.stop()} and {@code uninstall()} clear the bundle's persistent
 * "started" flag before the STOPPING event, on which SCR deactivates the bundle's components;
 * {@code update()}, a refresh and the framework's shutdown stop it transiently and leave the flag
 * set. A component deactivated while its bundle is still ACTIVE (configuration change, SCR
 * stopping) is being replaced, not removed.
 */
final class BundleStopIntent {

    private BundleStopIntent() {
    }

    /** Whether {@code bundle}'s rules should be removed now. */
    static boolean stoppedForGood(Bundle bundle) {
        Bundle framework = bundle.getBundleContext() == null ? null
                : bundle.getBundleContext().getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        return stoppedForGood(bundle.getState(), startLevel != null && startLevel.isPersistentlyStarted(),
                framework == null ? Bundle.ACTIVE : framework.getState());
    }

    /**
     * @param bundleState the state of the component's bundle
     * @param persistentlyStarted whether the framework will start it again on its own
     * @param frameworkState the state of the system bundle
     */
    static boolean stoppedForGood(int bundleState, boolean persistentlyStarted, int frameworkState) {
        if (frameworkState == Bundle.STOPPING) {
            return false;
        }
        if (bundleState == Bundle.UNINSTALLED) {
            return true;
        }
        return bundleState == Bundle.STOPPING && !persistentlyStarted;
    }
}
