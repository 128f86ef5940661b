package dev.orchestrator.api.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Drives objects of one kind (the primary kind of its {@link #watches()}) towards their desired
 * state. Register an implementation as an OSGi service of this type; the controller runtime
 * starts a controller for it (informers, a work queue, workers) and stops it when the service
 * goes, so a reconciler bundle can be installed, updated or removed while the cluster runs.
 *
 * <p>The contract is level-triggered: {@link #reconcile} gets the key of an object, never the
 * event that caused it, reads the current state from the informer caches ({@link Context#lister})
 * and acts on the difference. Events are coalesced: several changes to one object may lead to
 * one call, and a call may come without any change (after a restart, a swap, a requeue). Calls
 * must therefore be idempotent. The runtime never runs two calls for the same key at once; calls
 * for different keys run concurrently on the controller's workers.
 *
 * <p>A service property {@value #ENABLED} = {@code false} (for example from the component's
 * configuration) makes the runtime ignore the service, so a built-in reconciler can be switched
 * off by configuration.
 *
 * @param <P> the primary kind
 */
@ConsumerType
public interface Reconciler<P extends HasMetadata> {

    /** Service property: {@code false} makes the runtime ignore this reconciler. */
    String ENABLED = "enabled";

    /**
     * What this reconciler reconciles and which events of which kinds lead to which keys. Read
     * once, when the controller starts; a different declaration needs a new service.
     */
    Watches<P> watches();

    /**
     * Brings the object named by {@code request} towards its desired state.
     *
     * <p>Returning {@link Result#done()} forgets the key's back-off; {@link Result#requeueAfter}
     * calls again after the delay; {@link Result#retry} and any exception but
     * {@link TerminalException} call again after the key's exponential back-off (bounded by the
     * runtime's overall rate limit); {@link Result#terminal} and {@link TerminalException} log,
     * count and drop the key until the next event for it.
     *
     * <p>Long work should check {@link Context#cancelled()} between steps: the runtime sets it
     * when the controller stops (the service leaving, leadership lost) and abandons calls that do
     * not return within its grace period.
     *
     * @param request the key of the primary object; the object may no longer exist
     * @param context caches, events, expectations and the cancellation signal for this call
     * @return what to do next with this key, never null
     * @throws Exception to be retried with back-off (or not at all: {@link TerminalException})
     */
    Result reconcile(Request request, Context context) throws Exception;
}
