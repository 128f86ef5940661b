package dev.orchestrator.controllers.internal.hpa;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ApiErrors;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Kubernetes' HorizontalPodAutoscaler controller: every sync period it reads the target's scale subresource,
 * the pods its selector picks and their usage from metrics.k8s.io, proposes a replica count per metric
 * ({@link MetricEvaluation}), holds the largest to the stabilization windows, rate policies and bounds
 * ({@link ReplicaLimits}) and writes the scale when it differs. The HPA's status says what it saw and did:
 * current/desired replicas, current metrics, last scale time and the conditions AbleToScale, ScalingActive
 * and ScalingLimited. Level-triggered and periodic (each reconcile requeues itself after the sync period);
 * only the recommendation and rescale histories live in memory ({@link ScaleHistory}), as in Kubernetes.
 */
@Component(name = "orchestrator.controllers.hpa", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = HpaConfig.class)
public final class HpaReconciler implements Reconciler<HorizontalPodAutoscaler> {

    private final KubernetesClient client;
    private final ScaleTargets targets;
    private final PodMetricsReader metrics;
    private final ScaleHistory history = new ScaleHistory();
    private final Duration syncPeriod;
    private final double tolerance;
    private final PodSamples.Timings timings;
    private final int downscaleWindowSeconds;

    @Activate
    public HpaReconciler(@Reference ControllerClients clients, HpaConfig config) {
        this.client = clients.forAccount("horizontal-pod-autoscaler");
        this.targets = new ScaleTargets(this.client);
        this.metrics = new PodMetricsReader(this.client);
        this.syncPeriod = Duration.ofSeconds(Math.max(1, config.syncPeriodSeconds()));
        this.tolerance = config.tolerance();
        this.timings = new PodSamples.Timings(Duration.ofSeconds(config.cpuInitializationPeriodSeconds()),
                Duration.ofSeconds(config.initialReadinessDelaySeconds()));
        this.downscaleWindowSeconds = config.downscaleStabilizationSeconds();
    }

    @Override
    public Watches<HorizontalPodAutoscaler> watches() {
        // Pods are read from the cache only; the sync period, not their events, drives the evaluations.
        return Watches.of("hpa", HorizontalPodAutoscaler.class).watches(Pod.class, (pod, caches) -> Set.of());
    }

    @Override
    public Result reconcile(Request request, Context context) {
        String key = request.namespace() + "/" + request.name();
        HorizontalPodAutoscaler hpa = context.lister(HorizontalPodAutoscaler.class)
                .get(request.namespace(), request.name()).orElse(null);
        if (hpa == null || hpa.getMetadata().getDeletionTimestamp() != null) {
            history.forget(key);
            return Result.done();
        }
        Instant now = Instant.now();
        Duration wait = history.untilNextEvaluation(key, syncPeriod, now);
        if (!wait.isZero()) {
            return Result.requeueAfter(wait);
        }
        HorizontalPodAutoscalerStatus old = hpa.getStatus() == null ? new HorizontalPodAutoscalerStatus() : hpa.getStatus();
        Evaluated e = new Evaluated(old, new HpaConditions(old.getConditions(), now));
        ScaleTargets.TargetScale scale;
        try {
            scale = targets.get(request.namespace(), hpa.getSpec().getScaleTargetRef());
        } catch (RuntimeException failure) {
            String message = ApiErrors.message(failure);
            e.conditions.set(HpaConditions.ABLE_TO_SCALE, false, "FailedGetScale",
                    "the HPA controller was unable to get the target's current scale: " + message);
            context.events().warning(hpa, "FailedGetScale", message);
            return write(hpa, e);
        }
        e.conditions.set(HpaConditions.ABLE_TO_SCALE, true, "SucceededGetScale",
                "the HPA controller was able to get the target's current scale");
        e.current = scale.statusReplicas();
        e.desired = e.current;
        String reason = decide(key, hpa, scale, e, context, now);
        if (reason != null && e.desired != e.current) {
            try {
                targets.update(scale, e.desired);
            } catch (RuntimeException failure) {
                String message = ApiErrors.message(failure);
                e.conditions.set(HpaConditions.ABLE_TO_SCALE, false, "FailedUpdateScale",
                        "the HPA controller was unable to update the target scale: " + message);
                context.events().warning(hpa, "FailedRescale", "New size: " + e.desired + "; reason: " + reason
                        + "; error: " + message);
                write(hpa, e);
                return Result.retry("the target's scale could not be written");
            }
            e.conditions.set(HpaConditions.ABLE_TO_SCALE, true, "SucceededRescale",
                    "the HPA controller was able to update the target scale to " + e.desired);
            context.events().normal(hpa, "SuccessfulRescale", "New size: " + e.desired + "; reason: " + reason);
            history.rescaled(key, e.current, e.desired, now);
            e.lastScaleTime = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        }
        return write(hpa, e);
    }

    /**
     * Sets {@code e.desired} (and the conditions, current metrics); returns why the target should be rescaled,
     * or null when it must not be (scaling disabled, metrics unavailable).
     */
    private String decide(String key, HorizontalPodAutoscaler hpa, ScaleTargets.TargetScale scale, Evaluated e,
                          Context context, Instant now) {
        HorizontalPodAutoscalerSpec spec = hpa.getSpec();
        int min = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
        int max = spec.getMaxReplicas();
        if (scale.specReplicas() == 0 && min != 0) {
            e.desired = 0;
            e.conditions.set(HpaConditions.SCALING_ACTIVE, false, "ScalingDisabled",
                    "scaling is disabled since the replica count of the target is zero");
            return null;
        }
        if (e.current > max) {
            e.desired = max;
            return "Current number of replicas above Spec.MaxReplicas";
        }
        if (e.current < min) {
            e.desired = min;
            return "Current number of replicas below Spec.MinReplicas";
        }
        if (scale.selector().isEmpty()) {
            e.conditions.set(HpaConditions.SCALING_ACTIVE, false, "InvalidSelector",
                    "the HPA target's scale is missing a selector");
            context.events().warning(hpa, "SelectorRequired", "the HPA target's scale is missing a selector");
            return null;
        }
        List<Pod> pods;
        try {
            pods = context.lister(Pod.class).list(hpa.getMetadata().getNamespace(), SelectorText.parse(scale.selector()));
        } catch (IllegalArgumentException invalid) {
            e.conditions.set(HpaConditions.SCALING_ACTIVE, false, "InvalidSelector",
                    "the HPA target's scale has an invalid selector: " + invalid.getMessage());
            return null;
        }
        Map<String, PodUsage> usage;
        try {
            usage = metrics.read(hpa.getMetadata().getNamespace());
        } catch (RuntimeException unavailable) {
            // as if no pod had a reading: every resource metric fails below, with this reason
            usage = Map.of();
            context.events().warning(hpa, "FailedGetResourceMetric", "unable to get pod metrics from the resource "
                    + "metrics API: " + ApiErrors.message(unavailable));
        }
        MetricEvaluation.Evaluation evaluation = MetricEvaluation.evaluate(spec.getMetrics() == null ? List.of()
                : spec.getMetrics(), pods, usage, e.current, tolerance, timings, now);
        e.currentMetrics = evaluation.current();
        if (evaluation.allInvalid()) {
            MetricEvaluation.Failure failure = evaluation.failure().orElseThrow();
            e.conditions.set(HpaConditions.SCALING_ACTIVE, false, failure.reason(),
                    "the HPA was unable to compute the replica count: " + failure.message());
            context.events().warning(hpa, failure.reason(), failure.message());
            return null; // never scale on no information, least of all to zero
        }
        e.conditions.set(HpaConditions.SCALING_ACTIVE, true, "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from " + evaluation.metric());
        int proposal = evaluation.replicas();
        if (evaluation.invalid() > 0 && proposal < e.current) {
            proposal = e.current; // a metric we cannot see might need the pods we would remove
        }
        e.desired = limited(key, spec.getBehavior(), e, proposal, min, max, now);
        return e.desired > e.current ? evaluation.metric() + " above target" : "All metrics below target";
    }

    private int limited(String key, HorizontalPodAutoscalerBehavior behavior, Evaluated e, int proposal, int min, int max,
                        Instant now) {
        ScalingRules up = ScalingRules.scaleUp(behavior == null ? null : behavior.getScaleUp());
        ScalingRules down = ScalingRules.scaleDown(behavior == null ? null : behavior.getScaleDown(), downscaleWindowSeconds);
        int keep = Math.max(up.stabilizationSeconds(), down.stabilizationSeconds());
        int stabilized = ReplicaLimits.stabilized(e.current, proposal, history.recommendations(key, keep, now), up, down, now);
        history.recommend(key, proposal, now);
        int eventsKeep = Math.max(up.longestPeriodSeconds(), down.longestPeriodSeconds());
        ReplicaLimits.Limited limited = ReplicaLimits.bounded(e.current, stabilized, min, max,
                history.events(key, eventsKeep, now), up, down, now);
        if (limited.limited()) {
            e.conditions.set(HpaConditions.SCALING_LIMITED, true, limited.reason(), limited.message());
        } else if (stabilized != proposal) {
            boolean heldUp = stabilized < proposal;
            e.conditions.set(HpaConditions.SCALING_LIMITED, false, heldUp ? "ScaleUpStabilized" : "ScaleDownStabilized",
                    "recent recommendations were " + (heldUp ? "lower" : "higher") + " than current one, applying the "
                            + (heldUp ? "lowest" : "highest") + " recent recommendation");
        } else {
            e.conditions.set(HpaConditions.SCALING_LIMITED, false, limited.reason(), limited.message());
        }
        return limited.replicas();
    }

    private Result write(HorizontalPodAutoscaler hpa, Evaluated e) {
        HorizontalPodAutoscalerStatus status = new HorizontalPodAutoscalerStatus();
        status.setObservedGeneration(hpa.getMetadata().getGeneration());
        status.setCurrentReplicas(e.current);
        status.setDesiredReplicas(e.desired);
        status.setCurrentMetrics(e.currentMetrics);
        status.setLastScaleTime(e.lastScaleTime);
        status.setConditions(e.conditions.list());
        if (!Objects.equals(status, hpa.getStatus())) {
            HorizontalPodAutoscaler updated = new io.fabric8.kubernetes.api.model.autoscaling.v2
                    .HorizontalPodAutoscalerBuilder(hpa).withStatus(status).build();
            if (!ApiErrors.writeUnlessConflict(() -> client.autoscaling().v2().horizontalPodAutoscalers()
                    .inNamespace(hpa.getMetadata().getNamespace()).resource(updated).updateStatus())) {
                return Result.retry("the HPA changed while its status was written");
            }
        }
        return Result.requeueAfter(syncPeriod);
    }

    /** What one evaluation found, written as the status. */
    private static final class Evaluated {
        final HpaConditions conditions;
        int current;
        int desired;
        List<MetricStatus> currentMetrics;
        String lastScaleTime;

        Evaluated(HorizontalPodAutoscalerStatus old, HpaConditions conditions) {
            this.conditions = conditions;
            this.current = old.getCurrentReplicas() == null ? 0 : old.getCurrentReplicas();
            this.desired = old.getDesiredReplicas() == null ? 0 : old.getDesiredReplicas();
            this.currentMetrics = old.getCurrentMetrics();
            this.lastScaleTime = old.getLastScaleTime();
        }
    }
}
