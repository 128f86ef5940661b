package dev.orchestrator.api.proxy;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Programs the data path of Services on one node. Implementations receive the whole desired
 * state every time (level-triggered) and apply only what changed since their last successful
 * sync; a new instance knows nothing of the rules its predecessor left and rewrites them all.
 *
 * <p>Register as an OSGi service. The proxy core calls {@link #sync} from one thread at a time.
 */
@ProviderType
public interface ServiceProxy {

    /** A short name for logs and metrics, such as {@code iptables} or {@code nftables}. */
    String mode();

    /**
     * Makes this node's rules match exactly {@code desired}: services and endpoints that are not
     * in it lose their rules. Returns once the kernel holds the new rules.
     *
     * @param scope {@link SyncScope#CHANGES} lets the proxy rewrite only what differs from its
     *        last successful sync; {@link SyncScope#FULL} makes it rewrite everything it owns
     *        (repairing rules that someone else changed)
     * @throws ProxySyncException when the rules were refused; the rules of the last successful
     *         sync stay in place and the caller retries later
     */
    SyncReport sync(ProxyState desired, SyncScope scope) throws ProxySyncException;

    /** How much a sync may rewrite. */
    enum SyncScope {
        /** Only what changed since the last successful sync (everything if there was none). */
        CHANGES,
        /** Everything the proxy owns. */
        FULL
    }

    /**
     * What one sync did.
     *
     * @param full whether every rule was rewritten
     * @param servicesWritten service ports whose rules were (re)written
     * @param servicesRemoved service ports whose rules were removed
     */
    record SyncReport(boolean full, int servicesWritten, int servicesRemoved) {
    }
}
