package dev.orchestrator.controllers.internal.nodelifecycle;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ApiErrors;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches over nodes, one node per key. A node that has not renewed its Lease (nor posted its status) for the
 * grace period is marked Unknown and its pods not ready, so Services stop sending them traffic; its taints follow
 * its readiness ({@link LifecycleTaints}); a NoExecute taint, which makes the taint eviction controller move pods
 * away once their tolerations run out, is added no faster than the zone's rate ({@link Zones}). Everything is
 * decided from the node, its Lease and the other nodes as they are now; the time each node was last seen alive
 * is the one memory ({@link Heartbeats}), and losing it only delays.
 */
@Component(name = "orchestrator.controllers.nodelifecycle", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = NodeLifecycleConfig.class)
public final class NodeLifecycleReconciler implements Reconciler<Node> {

    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleReconciler.class);
    /** Looked at again at least this often while a node waits for its zone's rate limit. */
    private static final Duration RATE_LIMIT_RECHECK = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final Duration monitorGrace;
    private final Duration startupGrace;
    private final Zones.Limits limits;
    private final Clock clock;
    private final Heartbeats heartbeats = new Heartbeats();
    private final ZoneRateLimiter rateLimiter = new ZoneRateLimiter();
    private final UnreachablePods unreachablePods;

    @Activate
    public NodeLifecycleReconciler(@Reference ControllerClients clients, NodeLifecycleConfig config) {
        this(clients.forAccount("node-controller"), Duration.ofSeconds(Math.max(1, config.nodeMonitorGracePeriodSeconds())),
                Duration.ofSeconds(Math.max(1, config.nodeStartupGracePeriodSeconds())),
                new Zones.Limits(config.nodeEvictionRate(), config.secondaryNodeEvictionRate(),
                        config.unhealthyZoneThreshold(), config.largeClusterSizeThreshold()), Clock.systemUTC());
    }

    NodeLifecycleReconciler(KubernetesClient client, Duration monitorGrace, Duration startupGrace, Zones.Limits limits,
                            Clock clock) {
        this.client = client;
        this.monitorGrace = monitorGrace;
        this.startupGrace = startupGrace;
        this.limits = limits;
        this.clock = clock;
        this.unreachablePods = new UnreachablePods(client, clock);
    }

    @Override
    public Watches<Node> watches() {
        return Watches.of("nodelifecycle", Node.class)
                .watches(Lease.class, (lease, caches) -> LEASE_NAMESPACE.equals(lease.getMetadata().getNamespace())
                        ? Set.of(new Request("", lease.getMetadata().getName())) : Set.of())
                // read (the pods of an unreachable node), never a reason to look at a node
                .watches(Pod.class, (pod, caches) -> Set.of());
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<Node> cached = context.lister(Node.class).get("", request.name());
        if (cached.isEmpty()) {
            heartbeats.forget(request.name());
            return Result.done();
        }
        Node node = cached.get();
        Instant now = clock.instant();
        List<NodeCondition> conditions = node.getStatus() == null ? List.of() : node.getStatus().getConditions();
        Optional<String> ready = StaleNodeStatus.status(conditions, "Ready");
        Duration grace = ready.isEmpty() ? startupGrace : monitorGrace;
        Duration silent = Duration.between(heartbeats.lastAlive(node.getMetadata().getName(),
                heartbeat(node, conditions, context), now), now);
        if (silent.compareTo(grace) >= 0) {
            Optional<List<NodeCondition>> stale = StaleNodeStatus.unknown(conditions, ready.isEmpty(), now);
            if (stale.isPresent()) {
                return markUnknown(node, stale.get(), silent, context);
            }
        }
        if (ready.filter("Unknown"::equals).isPresent()) {
            unreachablePods.markNotReady(node.getMetadata().getName(), context);
        }
        Optional<Duration> rateLimited;
        try {
            rateLimited = reconcileTaints(node, ready, context, now);
        } catch (TaintsConflict e) {
            return Result.retry("node changed while its taints were written");
        }
        Duration next = "Unknown".equals(ready.orElse("")) ? null : grace.minus(silent);
        return requeue(next, rateLimited.orElse(null));
    }

    /** The node's sign of life: its Lease's renewTime and its Ready condition's heartbeat. */
    private static String heartbeat(Node node, List<NodeCondition> conditions, Context context) {
        String renewed = context.lister(Lease.class).get(LEASE_NAMESPACE, node.getMetadata().getName())
                .map(l -> l.getSpec() == null ? "" : String.valueOf(l.getSpec().getRenewTime())).orElse("");
        String posted = conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                .map(NodeCondition::getLastHeartbeatTime).orElse("");
        return renewed + "|" + posted;
    }

    private Result markUnknown(Node node, List<NodeCondition> stale, Duration silent, Context context) {
        Node changed = new NodeBuilder(node).editOrNewStatus()
                .withConditions(stale).endStatus().build();
        if (!ApiErrors.writeUnlessConflict(() -> client.nodes().resource(changed).updateStatus())) {
            return Result.retry("node status changed meanwhile");
        }
        LOG.info("node stopped reporting, marked Unknown node={} silentSeconds={}", node.getMetadata().getName(),
                silent.toSeconds());
        context.events().normal(node, "NodeNotReady", "Node " + node.getMetadata().getName()
                + " status is now: NodeNotReady");
        return Result.done(); // the status write comes back as an event: the taints follow from the new status
    }

    /** @return how long until the node's zone may taint it NoExecute, when that is what it waits for */
    private Optional<Duration> reconcileTaints(Node node, Optional<String> ready, Context context, Instant now) {
        List<Taint> current = node.getSpec() == null ? List.of() : node.getSpec().getTaints();
        Set<String> noSchedule = new LinkedHashSet<>();
        LifecycleTaints.readinessKey(ready).ifPresent(noSchedule::add);
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            noSchedule.add(LifecycleTaints.UNSCHEDULABLE);
        }
        Optional<String> noExecute = LifecycleTaints.readinessKey(ready);
        Optional<Duration> wait = Optional.empty();
        if (LifecycleTaints.startsEviction(current, noExecute)) {
            wait = evictionAllowance(node, context, now);
            if (wait.isPresent()) {
                noExecute = Optional.empty();
            }
        } else if (noExecute.isPresent() && Zones.allFullyDisrupted(Zones.byZone(context.lister(Node.class).list("")),
                limits.unhealthyThreshold())) {
            noExecute = Optional.empty(); // every zone dead: more likely our own network; evict nothing anywhere
        }
        List<Taint> wanted = LifecycleTaints.reconcile(current, noSchedule, noExecute, now);
        if (!wanted.equals(current)) {
            writeTaints(node, wanted);
        }
        return wait;
    }

    /** @return empty when the node may be tainted NoExecute now, else how long until its zone allows it */
    private Optional<Duration> evictionAllowance(Node node, Context context, Instant now) {
        var zones = Zones.byZone(context.lister(Node.class).list(""));
        if (Zones.allFullyDisrupted(zones, limits.unhealthyThreshold())) {
            return Optional.of(RATE_LIMIT_RECHECK);
        }
        String zone = Zones.zoneOf(node);
        List<Node> members = zones.getOrDefault(zone, List.of(node));
        Zones.State state = Zones.state(members, limits.unhealthyThreshold());
        Optional<Duration> wait = rateLimiter.tryTake(zone, Zones.rate(state, members.size(), limits), now);
        if (wait.isPresent()) {
            LOG.info("NoExecute taint held back by the zone's rate node={} zone={} state={} waitMillis={}",
                    node.getMetadata().getName(), zone, state, Math.min(wait.get().toMillis(), RATE_LIMIT_RECHECK.toMillis()));
        }
        return wait.map(w -> w.compareTo(RATE_LIMIT_RECHECK) > 0 ? RATE_LIMIT_RECHECK : w);
    }

    private void writeTaints(Node node, List<Taint> wanted) {
        Node changed = new NodeBuilder(node).build();
        if (changed.getSpec() == null) {
            changed.setSpec(new NodeSpec());
        }
        changed.getSpec().setTaints(wanted);
        if (!ApiErrors.writeUnlessConflict(() -> client.nodes().resource(changed).update())) {
            throw new TaintsConflict();
        }
        LOG.info("node taints node={} taints={}", node.getMetadata().getName(),
                wanted.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList());
    }

    /** The node changed between the cache's copy and the write: the retry starts from the newer one. */
    private static final class TaintsConflict extends RuntimeException {
        TaintsConflict() {
            super(null, null, false, false);
        }
    }

    private static Result requeue(Duration untilStale, Duration untilAllowed) {
        Duration next = untilStale == null ? untilAllowed
                : untilAllowed == null ? untilStale : (untilStale.compareTo(untilAllowed) < 0 ? untilStale : untilAllowed);
        if (next == null) {
            return Result.done();
        }
        return Result.requeueAfter(next.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : next);
    }
}
