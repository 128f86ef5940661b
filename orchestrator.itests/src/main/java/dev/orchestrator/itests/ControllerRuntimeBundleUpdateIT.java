package dev.orchestrator.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The controller runtime drives a reconciler registered by another bundle (this one) through its
 * whiteboard, and survives its own update: after the runtime bundle is updated and refreshed, the
 * new revision reconciles every existing object again (it lists afresh) and new ones, the old
 * revision's workers are gone and its class loader is collected. Unregistering the reconciler stops
 * its controller.
 */
class ControllerRuntimeBundleUpdateIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configurationAdmin;

    /** Records the keys it was called with. */
    static final class RecordingReconciler implements Reconciler<ConfigMap> {
        final Set<String> seen = ConcurrentHashMap.newKeySet();

        @Override
        public Watches<ConfigMap> watches() {
            return Watches.of("itest-configmaps", ConfigMap.class);
        }

        @Override
        public Result reconcile(Request request, Context context) {
            if (context.lister(ConfigMap.class).get(request.namespace(), request.name()).isPresent()) {
                seen.add(request.key());
            }
            return Result.done();
        }
    }

    @Test
    void theRuntimeDrivesAWhiteboardReconcilerAndSurvivesItsOwnUpdate() throws Exception {
        KubernetesClient client = FrameworkClient.pointAt(context, configurationAdmin, HttpEndpoint.of(context));
        RecordingReconciler reconciler = new RecordingReconciler();
        ServiceRegistration<?> registration = context.registerService(Reconciler.class, reconciler, null);
        try {
            // the framework's data directory outlives a run: a namespace of this run's own
            String ns = "ctrl-itest-" + System.currentTimeMillis();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                    .build()).create();
            configMap(client, ns, "a");
            configMap(client, ns, "b");
            await("both ConfigMaps reconciled", () -> reconciler.seen.containsAll(Set.of(ns + "/a", ns + "/b")));

            Bundle runtime = Bundles.find(context, "orchestrator.controllers.runtime");
            WeakReference<ClassLoader> oldLoader = new WeakReference<>(runtime.adapt(BundleWiring.class).getClassLoader());
            Set<Thread> oldThreads = Bundles.threads("controller-");
            assertTrue(!oldThreads.isEmpty(), "no controller threads before the update");
            reconciler.seen.clear();
            runtime.update();
            Bundles.refresh(context, runtime);

            await("existing ConfigMaps reconciled by the new revision",
                    () -> reconciler.seen.containsAll(Set.of(ns + "/a", ns + "/b")));
            configMap(client, ns, "c");
            await("a new ConfigMap reconciled", () -> reconciler.seen.contains(ns + "/c"));
            Bundles.assertReleased(oldThreads, oldLoader, "controller runtime");
        } finally {
            registration.unregister();
        }
        await("the controller stopped with its reconciler", () -> Bundles.threads("controller-itest-configmaps-").isEmpty());
        client.close();
    }

    private static void configMap(KubernetesClient client, String namespace, String name) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().addToData("k", "v").build()).create();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + " not reached within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
