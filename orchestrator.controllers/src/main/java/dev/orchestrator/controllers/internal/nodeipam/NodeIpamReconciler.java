package dev.orchestrator.controllers.internal.nodeipam;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Lister;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
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
 * Gives each node without a pod range the lowest free range of the cluster's, and warns (event
 * {@code CIDRNotAvailable} on the node) when a node declares a range another node already holds or when
 * the cluster range is used up. What is taken is read from the nodes every time; the API server refuses to
 * change a node's range once set, so two writers can never hand one node two ranges, and the ranges handed
 * out by this process but not yet back in the cache are remembered until they are.
 */
@Component(name = "orchestrator.controllers.nodeipam", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = NodeIpamConfig.class)
public final class NodeIpamReconciler implements Reconciler<Node> {

    static final String NOT_AVAILABLE = "CIDRNotAvailable";
    private static final Duration FULL_RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(NodeIpamReconciler.class);

    private final KubernetesClient client;
    private final ClusterCidr cluster;
    /** Ranges written by this process that the cache may not show yet, by node name. */
    private final Map<String, String> handedOut = new HashMap<>();
    /** Overlaps warned about ("later-node range earlier-node"), so that none is told twice. */
    private final Set<String> warned = new HashSet<>();
    /** Nodes with their ranges ("node range") checked for overlaps; forgotten when the node goes. */
    private final Set<String> checked = new HashSet<>();

    @Activate
    public NodeIpamReconciler(@Reference ControllerClients clients, NodeIpamConfig config) {
        this.client = clients.forAccount("node-controller");
        this.cluster = ClusterCidr.parse(config.clusterCidr(), config.nodeCidrMaskSize());
        LOG.info("node IPAM clusterCidr={} nodeRanges={} of /{}", cluster, cluster.size(), config.nodeCidrMaskSize());
    }

    @Override
    public Watches<Node> watches() {
        return Watches.of("nodeipam", Node.class);
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Lister<Node> nodes = context.lister(Node.class);
        // One allocation at a time in this process: two workers must not pick the same free range.
        synchronized (handedOut) {
            handedOut.entrySet().removeIf(e -> nodes.get("", e.getKey())
                    .map(n -> !NodeRanges.podCidr(n).isEmpty()).orElse(true));
            Optional<Node> found = nodes.get("", request.name());
            if (found.isEmpty()) {
                checked.removeIf(k -> k.startsWith(request.name() + " "));
                return Result.done();
            }
            if (handedOut.containsKey(request.name())) {
                return Result.done();
            }
            Node node = found.get();
            if (!NodeRanges.podCidr(node).isEmpty()) {
                warnOnOverlap(node, nodes, context);
                return Result.done();
            }
            if (node.getMetadata().getDeletionTimestamp() != null) {
                return Result.done();
            }
            return allocate(node, nodes, context);
        }
    }

    private Result allocate(Node node, Lister<Node> nodes, Context context) {
        NodeRanges ranges = new NodeRanges(cluster, nodes.list(""));
        handedOut.values().forEach(ranges::reserve);
        Optional<String> free = ranges.firstFree();
        if (free.isEmpty()) {
            context.events().warning(node, NOT_AVAILABLE, "Node " + node.getMetadata().getName()
                    + " status is now: CIDRNotAvailable (all " + cluster.size() + " node ranges of the cluster range "
                    + cluster + " are taken)");
            return Result.requeueAfter(FULL_RETRY);
        }
        String cidr = free.get();
        String name = node.getMetadata().getName();
        try {
            client.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"podCIDR\":\"" + cidr + "\",\"podCIDRs\":[\"" + cidr + "\"]}}");
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Result.done();
            }
            // 422: someone set a range meanwhile (it cannot change once set); the next event shows which.
            return Result.retry("podCIDR " + cidr + " not written to node " + name + ": " + e.getCode());
        }
        handedOut.put(name, cidr);
        LOG.info("pod range allocated node={} podCIDR={} used={}/{}", name, cidr, ranges.used() + 1, cluster.size());
        return Result.done();
    }

    /**
     * Warns on the later of each pair of nodes whose ranges overlap. Checked once per node and range, not on
     * every heartbeat (a scan of every node each time cost O(nodes) per status update): of two overlapping
     * nodes, the one whose check comes second sees the other and warns.
     */
    private void warnOnOverlap(Node node, Lister<Node> nodes, Context context) {
        String cidr = NodeRanges.podCidr(node);
        if (!checked.add(node.getMetadata().getName() + " " + cidr) || cluster.touched(cidr).isEmpty()) {
            return; // checked already, or outside the cluster range: not ours to judge
        }
        for (Node other : new NodeRanges(cluster, nodes.list("")).overlapping(node)) {
            Node earlier = NodeRanges.claimsFirst(other, node) ? other : node;
            Node later = earlier == node ? other : node;
            String laterName = later.getMetadata().getName();
            String laterCidr = NodeRanges.podCidr(later);
            if (warned.add(laterName + " " + laterCidr + " " + earlier.getMetadata().getName())) {
                context.events().warning(later, NOT_AVAILABLE, "Node " + laterName + "'s podCIDR " + laterCidr
                        + " overlaps node " + earlier.getMetadata().getName() + "'s " + NodeRanges.podCidr(earlier)
                        + ": pods of the two nodes may get the same addresses");
            }
        }
    }
}
