package dev.orchestrator.testkit;

import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.client.internal.ClientAndInformers;
import dev.orchestrator.controllers.runtime.internal.ControllerRuntimeComponent;
import dev.orchestrator.controllers.runtime.internal.ControllerRuntimeConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * A cluster for testing a reconciler, in the test's own JVM: the product's API server on an embedded store
 * (temporary, removed by {@link #close()}) and the product's controller runtime driving the reconcilers the test
 * hands to {@link #run}, exactly as the all-in-one drives a plugin's — shared informers, work queues, back-off,
 * events — but without a node (pods are created, never run) and without the built-in controllers, so what the
 * test sees is its reconciler's doing.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.start()) {
 *     cluster.apply(getClass().getResourceAsStream("/crds/websites.yaml"));
 *     cluster.run(new WebsiteReconciler(cluster.client()));
 *     cluster.client().resource(website).create();
 *     cluster.await("its Deployment", Duration.ofSeconds(30),
 *             () -> cluster.client().apps().deployments().withName("hello").get(), d -> d != null);
 * }
 * }</pre>
 */
public final class TestCluster implements AutoCloseable {

    private final InProcessApiServer server;
    private final ClientAndInformers api;
    private final ControllerRuntimeComponent runtime;
    private final List<Reconciler<?>> running = new ArrayList<>();

    private TestCluster(InProcessApiServer server) {
        this.server = server;
        this.api = new ClientAndInformers(server.url(), 30_000, 10_000, 64, Duration.ZERO);
        this.runtime = new ControllerRuntimeComponent(api.client(), api,
                Configs.of(ControllerRuntimeConfig.class, Map.of("leaderElection", false)));
    }

    /** Starts the store, the API server (namespace {@code default} and the other defaults made) and the runtime. */
    public static TestCluster start() throws Exception {
        InProcessApiServer server = new InProcessApiServer();
        try {
            return new TestCluster(server);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** A client of the API server (namespace {@code default}); closed with the cluster. */
    public KubernetesClient client() {
        return api.client();
    }

    /** The API server's URL (loopback, plain HTTP), e.g. for kubectl {@code --server}. */
    public String url() {
        return server.url();
    }

    /** Runs a reconciler on the controller runtime until {@link #stop} or {@link #close()}. */
    public void run(Reconciler<?> reconciler) {
        runtime.addReconciler(reconciler);
        running.add(reconciler);
    }

    /** Stops a running reconciler (its in-flight reconciles finish or are abandoned, as on a bundle update). */
    public void stop(Reconciler<?> reconciler) {
        if (running.remove(reconciler)) {
            runtime.removeReconciler(reconciler);
        }
    }

    /**
     * Creates or updates every object of a YAML (or JSON) stream by server-side apply, as
     * {@code kubectl apply --server-side} would; CustomResourceDefinitions are then waited for until established.
     */
    public List<HasMetadata> apply(InputStream yaml) throws Exception {
        List<HasMetadata> applied = new ArrayList<>();
        for (HasMetadata object : client().load(yaml).items()) {
            applied.add(client().resource(object).patch(PatchContext.of(PatchType.SERVER_SIDE_APPLY)));
        }
        for (HasMetadata object : applied) {
            if (object instanceof CustomResourceDefinition crd) {
                String name = crd.getMetadata().getName();
                await("CustomResourceDefinition " + name + " established", Duration.ofSeconds(30),
                        () -> client().apiextensions().v1().customResourceDefinitions().withName(name).get(),
                        TestCluster::established);
            }
        }
        return applied;
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Observes until {@code done} holds, every 50 ms, and returns that observation.
     *
     * @throws AssertionError naming {@code what} and the last observation when {@code timeout} passes
     */
    public <T> T await(String what, Duration timeout, Callable<T> observe, Predicate<? super T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = observe.call();
            if (done.test(seen)) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not reached within " + timeout + "; last seen: " + seen);
            }
            Thread.sleep(50);
        }
    }

    /** Stops the reconcilers and the runtime, the client, the API server and the store, and removes its files. */
    @Override
    public void close() throws Exception {
        try {
            for (Reconciler<?> r : List.copyOf(running)) {
                stop(r);
            }
            runtime.deactivate();
            api.close();
        } finally {
            server.close();
        }
    }
}
