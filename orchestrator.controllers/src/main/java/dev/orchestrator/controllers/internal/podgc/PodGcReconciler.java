package dev.orchestrator.controllers.internal.podgc;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.pods.PodStatusPatches;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the pods bound to a node that does not exist, which no kubelet will ever run or finish: the node was
 * deleted ({@code kubectl delete node}), or a pod was created with the name of a node that never registered.
 * The key is a node name: a node's deletion and every pod event name it, and the reconcile of a node that exists
 * costs one cache lookup. A node absent from the cache is confirmed absent with the API, and its pods go only
 * after it has stayed absent for the quarantine; each is first marked Failed with the condition
 * {@code DisruptionTarget} (reason {@code DeletionByPodGC}), as Kubernetes does, then deleted at once.
 */
@Component(name = "orchestrator.controllers.podgc", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = PodGcConfig.class)
public final class PodGcReconciler implements Reconciler<Node> {

    private static final Logger LOG = LoggerFactory.getLogger(PodGcReconciler.class);

    private final KubernetesClient client;
    private final Duration quarantine;
    private final Clock clock;
    /** When each absent node was first seen absent: only delays deletion, so losing it on a restart is safe. */
    private final Map<String, Instant> absentSince = new ConcurrentHashMap<>();

    @Activate
    public PodGcReconciler(@Reference ControllerClients clients, PodGcConfig config) {
        this(clients.forAccount("pod-garbage-collector"), Duration.ofSeconds(Math.max(0, config.quarantineSeconds())), Clock.systemUTC());
    }

    PodGcReconciler(KubernetesClient client, Duration quarantine, Clock clock) {
        this.client = client;
        this.quarantine = quarantine;
        this.clock = clock;
    }

    @Override
    public Watches<Node> watches() {
        return Watches.of("podgc", Node.class).watches(Pod.class, (pod, caches) ->
                pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()
                        ? Set.of() : Set.of(new Request("", pod.getSpec().getNodeName())));
    }

    @Override
    public Result reconcile(Request request, Context context) {
        String node = request.name();
        if (context.lister(Node.class).get("", node).isPresent() || nodeExists(node)) {
            absentSince.remove(node);
            return Result.done();
        }
        List<Pod> pods = context.lister(Pod.class).list("").stream()
                .filter(pod -> pod.getSpec() != null && node.equals(pod.getSpec().getNodeName())).toList();
        if (pods.isEmpty()) {
            absentSince.remove(node);
            return Result.done();
        }
        Instant now = clock.instant();
        Duration waited = Duration.between(absentSince.computeIfAbsent(node, n -> now), now);
        if (waited.compareTo(quarantine) < 0) {
            return Result.requeueAfter(quarantine.minus(waited));
        }
        for (Pod pod : pods) {
            if (context.cancelled()) {
                return Result.retry("stopping");
            }
            collect(pod, node);
        }
        absentSince.remove(node);
        return Result.done();
    }

    private boolean nodeExists(String node) {
        return client.nodes().withName(node).get() != null;
    }

    private void collect(Pod pod, String node) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            if (!terminal(pod)) {
                PodStatusPatches.markDisruptionTarget(client, pod, "DeletionByPodGC", "PodGC: node " + node
                        + " no longer exists", true, clock.instant());
            }
            client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
            LOG.info("pod of a vanished node deleted pod={}/{} node={}", namespace, name, node);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
