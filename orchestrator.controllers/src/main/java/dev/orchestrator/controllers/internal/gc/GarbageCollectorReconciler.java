package dev.orchestrator.controllers.internal.gc;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector for objects of one kind, in both of their roles:
 * <ul>
 * <li><b>as a dependent</b>: reads the state of each owner (cache, confirmed by the API before
 *     anything is taken for gone) and applies {@link DependentDecision}: deleted when no owner is
 *     left (background) or when an owner is being deleted in the foreground, owner references
 *     removed for owners that orphan it or that are gone while another owner remains;</li>
 * <li><b>as an owner being deleted</b>: removes the {@code orphan} or {@code foregroundDeletion}
 *     finalizer once its dependents let it go ({@link OwnerDecision}).</li>
 * </ul>
 * One reconciler per kind because a key ({@link Request}) names no kind; the key is the object's,
 * and {@link GcKeyMapper} wakes it from the events of its owners and dependents of every followed
 * kind. Every step is idempotent and works from the current state only.
 */
final class GarbageCollectorReconciler<T extends HasMetadata> implements Reconciler<T> {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollectorReconciler.class);
    /** How often a dependent of a custom resource checks that its owner still exists. */
    static final java.time.Duration UNFOLLOWED_OWNER_RECHECK = java.time.Duration.ofSeconds(15);

    private final GcKind<T> kind;
    private final GcWrites api;
    private final OwnerStates owners;

    GarbageCollectorReconciler(GcKind<T> kind, GcWrites api) {
        this.kind = kind;
        this.api = api;
        this.owners = new OwnerStates(api);
    }

    @Override
    public Watches<T> watches() {
        // a fresh index per declaration: the runtime reads it when the controller starts, and the
        // informers replay their caches to the new handlers, which fills it
        OwnerIndex index = new OwnerIndex();
        Watches<T> watches = Watches.of(kind.controllerName(), kind.type());
        for (GcKind<?> watched : GcKinds.ALL) {
            watches = watch(watches, watched, index);
        }
        return watches;
    }

    private <S extends HasMetadata> Watches<T> watch(Watches<T> watches, GcKind<S> watched, OwnerIndex index) {
        return watches.watches(watched.type(), new GcKeyMapper<>(watched, kind, index));
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<T> found = context.lister(kind.type()).get(request.namespace(), request.name());
        if (found.isEmpty()) {
            return Result.done();
        }
        T object = found.get();
        try {
            if (!object.getMetadata().getOwnerReferences().isEmpty() && actAsDependent(object, context)) {
                return Result.done(); // it changed or is going; its next event brings the next step
            }
            if (object.getMetadata().getDeletionTimestamp() != null) {
                actAsOwner(object, context);
            }
            if (OwnerStates.hasUnfollowedOwner(object)) {
                return Result.requeueAfter(UNFOLLOWED_OWNER_RECHECK); // no event tells when such an owner goes
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Result.retry("the " + kind.kind() + " changed meanwhile");
            }
            if (e.getCode() == 404) {
                return Result.done();
            }
            throw e;
        }
        return Result.done();
    }

    /** @return true when it wrote something */
    private boolean actAsDependent(T object, Context context) {
        Map<String, OwnerState> states = owners.of(object, context);
        DependentDecision decision = DependentDecision.decide(object.getMetadata().getOwnerReferences(), states,
                object.getMetadata().getDeletionTimestamp() != null);
        switch (decision.action()) {
            case REMOVE_REFERENCES -> {
                api.removeOwnerReferences(kind, object, decision.removeUids());
                LOG.info("garbage collector removed owner references kind={} object={} owners={}", kind.kind(),
                        Request.of(object), decision.removeUids());
                return true;
            }
            case DELETE -> {
                if (api.delete(kind, object, decision.foreground())) {
                    LOG.info("garbage collector deleted kind={} object={} propagation={} owners={}", kind.kind(),
                            Request.of(object), decision.foreground() ? "Foreground" : "Background", states);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void actAsOwner(T object, Context context) {
        Optional<String> finalizer = OwnerDecision.finalizerToRemove(object, Dependents.of(context, object));
        if (finalizer.isPresent()) {
            api.removeFinalizer(kind, object, finalizer.get());
            LOG.info("garbage collector removed finalizer kind={} object={} finalizer={}", kind.kind(),
                    Request.of(object), finalizer.get());
        }
    }
}
