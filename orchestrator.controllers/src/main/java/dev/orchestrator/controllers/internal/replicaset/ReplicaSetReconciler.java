package dev.orchestrator.controllers.internal.replicaset;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ownership.Adoption;
import dev.orchestrator.controllers.internal.ownership.Claims;
import dev.orchestrator.controllers.internal.pods.OwnedPodWrites;
import dev.orchestrator.controllers.internal.pods.PodStates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Keeps {@code spec.replicas} pods of each ReplicaSet, as Kubernetes' ReplicaSet controller does:
 * claims pods (adopt matching orphans, release pods that stopped matching), creates missing pods
 * in slow-start batches or deletes surplus pods in {@link DeletionOrder}, and writes the status.
 * It acts only when the runtime's expectations show that its previous creations and deletions
 * have reached the cache, so a slow watch never makes it create a pod twice; a failed create or
 * delete sets the ReplicaFailure condition, records a Warning event and is retried with the
 * runtime's back-off.
 */
@Component(name = "orchestrator.controllers.replicaset", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = ReplicaSetConfig.class)
public final class ReplicaSetReconciler implements Reconciler<ReplicaSet> {

    private final OwnedPodWrites writes;
    private final ReplicaSetScaling scaling;
    private final KubernetesClient client;
    private final Adoption adoption;

    @Activate
    public ReplicaSetReconciler(@Reference ControllerClients clients, ReplicaSetConfig config) {
        this.client = clients.forAccount("replicaset-controller");
        this.adoption = new Adoption(this.client);
        this.writes = new OwnedPodWrites(this.client, config.initialBatchSize(), "replicaset");
        this.scaling = new ReplicaSetScaling(writes, Math.max(1, config.burstReplicas()));
    }

    @Deactivate
    void deactivate() {
        writes.close();
    }

    @Override
    public Watches<ReplicaSet> watches() {
        return Watches.of("replicaset", ReplicaSet.class).owns(Pod.class, rs -> rs.getSpec().getSelector());
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<ReplicaSet> found = context.lister(ReplicaSet.class).get(request.namespace(), request.name());
        if (found.isEmpty()) {
            context.expectations().forget(request);
            return Result.done();
        }
        ReplicaSet rs = found.get();
        boolean settled = context.expectations().satisfied(request);
        Claims<Pod> claims = Claims.of(rs, rs.getSpec().getSelector(), context.lister(Pod.class));
        List<Pod> owned = new ArrayList<>(claims.owned());
        boolean claimConflict = adoption.claim(rs, claims, owned);
        List<Pod> active = owned.stream().filter(PodStates::active).toList();
        Optional<ReplicaSetStatusCalc.Failure> failure = Optional.empty();
        if (settled && rs.getMetadata().getDeletionTimestamp() != null) {
            settled = false; // a ReplicaSet being deleted keeps its pods for the garbage collector
        }
        if (settled && !context.cancelled()) {
            failure = scaling.scale(rs, active, request, context);
        }
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        ReplicaSetStatus status = ReplicaSetStatusCalc.compute(rs, active, failure, Instant.now());
        if (!writeStatus(rs, status)) {
            return Result.retry("the ReplicaSet changed while its status was written");
        }
        if (failure.isPresent()) {
            return Result.retry(failure.get().reason() + ": " + failure.get().message());
        }
        if (claimConflict) {
            return Result.retry("a pod changed while it was adopted or released");
        }
        if (minReady > 0 && status.getReadyReplicas() > status.getAvailableReplicas()) {
            return Result.requeueAfter(Duration.ofSeconds(minReady));
        }
        return Result.done();
    }

    /**
     * Writes the status when it changed.
     *
     * @return false on a conflict: the ReplicaSet changed since the cache saw it, and the retry
     *     computes the status again from the newer version; true when written, unchanged or gone
     */
    private boolean writeStatus(ReplicaSet rs, ReplicaSetStatus status) {
        if (!ReplicaSetStatusCalc.differs(rs.getStatus(), status)) {
            return true;
        }
        ReplicaSet updated = new ReplicaSetBuilder(rs).withStatus(status).build();
        try {
            client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(updated).updateStatus();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            if (e.getCode() == 404) {
                return true; // deleted meanwhile (the garbage collector released it): no status to write
            }
            throw e;
        }
    }
}
