package dev.orchestrator.controllers.internal.disruption;

import dev.orchestrator.api.controller.Caches;
import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ApiErrors;
import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Keeps the status of each PodDisruptionBudget, which the eviction subresource decides by: how many of its pods are
 * healthy, how many must stay healthy, and so how many disruptions are allowed now ({@link DisruptionStatusCalc}).
 * Any pod event maps to the budgets whose selector matches the pod; a ReplicaSet or Deployment event to those
 * matching its pod template, since its scale is what a percentage is taken of. The status is written with the
 * budget's resourceVersion, so an eviction's concurrent write (one disruption fewer) is never overwritten by a
 * stale view: the conflict makes the next reconcile start from it. An eviction the pod's deletion has not yet
 * followed is looked at again when its timeout runs out.
 */
@Component(name = "orchestrator.controllers.disruption", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = DisruptionConfig.class)
public final class DisruptionReconciler implements Reconciler<PodDisruptionBudget> {

    private final KubernetesClient client;
    private final Duration deletionTimeout;
    private final Clock clock;

    @Activate
    public DisruptionReconciler(@Reference ControllerClients clients, DisruptionConfig config) {
        this(clients.forAccount("disruption-controller"), Duration.ofSeconds(Math.max(1, config.deletionTimeoutSeconds())), Clock.systemUTC());
    }

    DisruptionReconciler(KubernetesClient client, Duration deletionTimeout, Clock clock) {
        this.client = client;
        this.deletionTimeout = deletionTimeout;
        this.clock = clock;
    }

    @Override
    public Watches<PodDisruptionBudget> watches() {
        return Watches.of("disruption", PodDisruptionBudget.class)
                .watches(Pod.class, (pod, caches) -> selecting(caches, pod.getMetadata().getNamespace(),
                        pod.getMetadata().getLabels()))
                .watches(ReplicaSet.class, (rs, caches) -> selecting(caches, rs.getMetadata().getNamespace(),
                        templateLabels(rs.getSpec() == null ? null : rs.getSpec().getTemplate())))
                .watches(Deployment.class, (d, caches) -> selecting(caches, d.getMetadata().getNamespace(),
                        templateLabels(d.getSpec() == null ? null : d.getSpec().getTemplate())))
                .watches(StatefulSet.class, (sts, caches) -> selecting(caches, sts.getMetadata().getNamespace(),
                        templateLabels(sts.getSpec() == null ? null : sts.getSpec().getTemplate())));
    }

    private static Map<String, String> templateLabels(io.fabric8.kubernetes.api.model.PodTemplateSpec template) {
        return template == null || template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels();
    }

    /** The budgets of a namespace whose selector matches these labels. */
    static Set<Request> selecting(Caches caches, String namespace, Map<String, String> labels) {
        Map<String, String> of = labels == null ? Map.of() : labels;
        return caches.lister(PodDisruptionBudget.class).list(namespace).stream()
                .filter(b -> b.getSpec() != null && Selectors.matches(b.getSpec().getSelector(), of))
                .map(Request::of).collect(Collectors.toSet());
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<PodDisruptionBudget> found = context.lister(PodDisruptionBudget.class).get(request.namespace(),
                request.name());
        if (found.isEmpty() || found.get().getSpec() == null) {
            return Result.done();
        }
        PodDisruptionBudget budget = found.get();
        List<Pod> pods = budget.getSpec().getSelector() == null ? List.of()
                : context.lister(Pod.class).list(request.namespace(), budget.getSpec().getSelector());
        if (pods.isEmpty()) {
            context.events().normal(budget, "NoPods", "No matching pods found");
        }
        ControllerScale scale = new ControllerScale(context.lister(ReplicaSet.class), context.lister(Deployment.class),
                context.lister(StatefulSet.class));
        Instant now = clock.instant();
        DisruptionStatusCalc.Outcome outcome = DisruptionStatusCalc.compute(budget, pods, scale::of, deletionTimeout, now);
        outcome.failure().ifPresent(why -> context.events().warning(budget, "CalculateExpectedPodCountFailed",
                "Failed to calculate the number of expected pods: " + why));
        if (!outcome.unmanaged().isEmpty()) {
            context.events().warning(budget, "UnmanagedPods", "Pods selected by this PodDisruptionBudget were found to "
                    + "be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result "
                    + "in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the "
                    + "PDB to an integer value.");
        }
        if (DisruptionStatusCalc.differs(budget.getStatus(), outcome.status())) {
            PodDisruptionBudget updated = new PodDisruptionBudgetBuilder(budget).withStatus(outcome.status()).build();
            boolean written = ApiErrors.writeUnlessConflict(() -> client.policy().v1().podDisruptionBudget()
                    .inNamespace(request.namespace()).resource(updated).updateStatus());
            if (!written) {
                return Result.retry("the budget changed while its status was written");
            }
        }
        if (outcome.failure().isPresent()) {
            return Result.retry(outcome.failure().get());
        }
        return outcome.recheck().map(at -> Result.requeueAfter(Duration.between(now, at).plusMillis(100)))
                .orElse(Result.done());
    }
}
