package dev.orchestrator.controllers.internal.tainteviction;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.Times;
import dev.orchestrator.controllers.internal.pods.PodStates;
import dev.orchestrator.controllers.internal.pods.PodStatusPatches;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evicts pods from nodes tainted NoExecute, one pod per key: a node's NoExecute taints enqueue its pods, and each
 * pod is deleted when its {@link EvictionDeadline} has come (marked {@code DisruptionTarget}, reason
 * {@code DeletionByTaintManager}), else looked at again then. Its owner (a ReplicaSet, a Job) replaces it on a
 * node without the taint. Taints the node lifecycle controller adds carry their {@code timeAdded}; for one
 * without, the time this controller first saw it stands in (in memory: a restart only postpones).
 */
@Component(name = "orchestrator.controllers.tainteviction", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = TaintEvictionConfig.class)
public final class TaintEvictionReconciler implements Reconciler<Pod> {

    private static final Logger LOG = LoggerFactory.getLogger(TaintEvictionReconciler.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    @Activate
    public TaintEvictionReconciler(@Reference ControllerClients clients) {
        this(clients.forAccount("taint-eviction-controller"), Clock.systemUTC());
    }

    TaintEvictionReconciler(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public Watches<Pod> watches() {
        return Watches.of("tainteviction", Pod.class).watches(Node.class, (node, caches) -> {
            if (noExecuteTaints(node).isEmpty()) {
                return Set.of(); // a node losing its last such taint needs nothing: pending deadlines look again
            }
            String name = node.getMetadata().getName();
            return caches.lister(Pod.class).list("").stream()
                    .filter(p -> p.getSpec() != null && name.equals(p.getSpec().getNodeName()))
                    .map(p -> new Request(p.getMetadata().getNamespace(), p.getMetadata().getName()))
                    .collect(Collectors.toSet());
        });
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<Pod> cached = context.lister(Pod.class).get(request.namespace(), request.name());
        if (cached.isEmpty() || !evictable(cached.get())) {
            return Result.done();
        }
        Pod pod = cached.get();
        Optional<Node> node = context.lister(Node.class).get("", pod.getSpec().getNodeName());
        List<Taint> taints = node.map(TaintEvictionReconciler::noExecuteTaints).orElse(List.of());
        if (taints.isEmpty()) {
            forgetTaintsOf(node);
            return Result.done();
        }
        Instant now = clock.instant();
        Optional<Instant> deadline = EvictionDeadline.of(taints, pod.getSpec().getTolerations(),
                taint -> addedAt(node.get(), taint, now));
        if (deadline.isEmpty()) {
            return Result.done();
        }
        if (deadline.get().isAfter(now)) {
            return Result.requeueAfter(Duration.between(now, deadline.get()));
        }
        evict(pod, context, now);
        return Result.done();
    }

    /** Bound, not finished and not being deleted already. */
    private static boolean evictable(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()
                && PodStates.active(pod);
    }

    private static List<Taint> noExecuteTaints(Node node) {
        return node.getSpec() == null ? List.of()
                : node.getSpec().getTaints().stream().filter(t -> "NoExecute".equals(t.getEffect())).toList();
    }

    private Instant addedAt(Node node, Taint taint, Instant now) {
        return Times.parse(taint.getTimeAdded()).orElseGet(() -> firstSeen.computeIfAbsent(
                node.getMetadata().getName() + "/" + taint.getKey() + "=" + taint.getValue(), k -> now));
    }

    private void forgetTaintsOf(Optional<Node> node) {
        node.ifPresent(n -> firstSeen.keySet().removeIf(k -> k.startsWith(n.getMetadata().getName() + "/")));
    }

    private void evict(Pod pod, Context context, Instant now) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            PodStatusPatches.markDisruptionTarget(client, pod, "DeletionByTaintManager",
                    "Taint manager: deleting due to NoExecute taint", false, now);
            client.pods().inNamespace(namespace).withName(name).delete();
            context.events().normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + namespace + "/" + name);
            LOG.info("pod evicted for a NoExecute taint pod={}/{} node={}", namespace, name, pod.getSpec().getNodeName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
