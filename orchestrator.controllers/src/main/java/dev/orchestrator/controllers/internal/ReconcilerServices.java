package dev.orchestrator.controllers.internal;

import dev.orchestrator.api.controller.Reconciler;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Reconcilers one component registers as services for the controller runtime, for a controller that is several
 * reconcilers (one per kind, a key naming no kind) under one configuration; unregistered together.
 */
public final class ReconcilerServices implements AutoCloseable {

    private final BundleContext context;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    public ReconcilerServices(BundleContext context) {
        this.context = context;
    }

    public void register(Reconciler<?> reconciler) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Reconciler.ENABLED, true);
        props.put("controller", reconciler.watches().name());
        registrations.add(context.registerService(Reconciler.class, reconciler, props));
    }

    @Override
    public void close() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
