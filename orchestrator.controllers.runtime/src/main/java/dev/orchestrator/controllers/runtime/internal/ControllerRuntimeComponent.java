package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.MetricSource;
import dev.orchestrator.client.ClientIdentity;
import dev.orchestrator.client.SharedInformers;
import dev.orchestrator.support.leader.LeaseLeadership;
import dev.orchestrator.support.leader.LeaseSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller runtime: every {@link Reconciler} service (but those with {@code enabled=false})
 * gets a controller while this process holds the controllers' Lease. What must outlive a
 * reconciler bundle's update — expectations, event aggregation, counters — is kept here per
 * controller name. A configuration change restarts everything (controllers resync from fresh
 * lists). Registers itself as the {@link MetricSource} of the controllers. It runs as the controller manager
 * ({@link ClientIdentity#CONTROLLERS}: its informers, Lease and events), the built-in reconcilers as their own
 * accounts.
 */
@Component(name = "orchestrator.controllers.runtime", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = MetricSource.class, immediate = true)
@Designate(ocd = ControllerRuntimeConfig.class)
public final class ControllerRuntimeComponent implements MetricSource {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerRuntimeComponent.class);

    private final KubernetesClient client;
    private final Map<String, Controller.ControllerState> states = new ConcurrentHashMap<>();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final ThreadPoolExecutor eventWriter;
    private final RuntimeSettings settings;
    private final RunningControllers controllers;
    private final LeaseLeadership leadership;

    @Activate
    public ControllerRuntimeComponent(@Reference(target = ClientIdentity.CONTROLLERS) KubernetesClient client,
                                      @Reference(target = ClientIdentity.CONTROLLERS) SharedInformers informers,
                                      ControllerRuntimeConfig config) {
        this.client = client;
        this.settings = RuntimeSettings.of(config);
        this.eventWriter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.maxQueuedEvents())), r -> {
                    Thread t = new Thread(r, "controller-events");
                    t.setDaemon(true);
                    return t;
                });
        this.controllers = new RunningControllers(
                () -> new LeadershipTerm(informers, this::state, settings));
        this.leadership = new LeaseLeadership(client, LeaseSettings.ofSeconds(config.leaderElection(),
                config.leaseNamespace(), config.leaseName(), config.leaseDurationSeconds(),
                config.renewDeadlineSeconds(), config.retryPeriodSeconds()), controllers);
        leadership.start();
        LOG.info("controller runtime started leaderElection={} workers={}", config.leaderElection(), config.workers());
    }

    private Controller.ControllerState state(String name) {
        return states.computeIfAbsent(name, n -> new Controller.ControllerState(
                new TimedExpectations(settings.expectationsTimeout(), System::nanoTime), new ControllerMetrics(),
                new ApiEvents(client, n + "-controller", eventWriter, droppedEvents)));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(!(" + Reconciler.ENABLED + "=false))")
    public void addReconciler(Reconciler<?> reconciler) {
        controllers.add(reconciler);
    }

    public void removeReconciler(Reconciler<?> reconciler) {
        controllers.remove(reconciler);
    }

    @Override
    public List<Metric> metrics() {
        return ControllerMetricSet.of(Map.copyOf(states), droppedEvents.get(), leadership.leading());
    }

    @Deactivate
    public void deactivate() {
        leadership.close();
        eventWriter.shutdown();
        try {
            if (!eventWriter.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
                eventWriter.shutdownNow();
            }
        } catch (InterruptedException e) {
            eventWriter.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("controller runtime stopped");
    }
}
