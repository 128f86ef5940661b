package dev.orchestrator.network.hostgw.internal;

import io.fabric8.kubernetes.api.model.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync: read the table, plan from the Nodes, write the difference. Every command stands alone: one that
 * fails (a gateway not reachable from here: "Nexthop has invalid gateway") is logged with its node, counted,
 * and tried again at the next sync, while the others are programmed. Called by one thread at a time.
 */
final class RouteSyncer {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSyncer.class);

    private final RoutePlanner planner;
    private final RouteTable table;
    private final HostGwMetrics metrics;
    /** The last skip logged per node, so a node that stays skipped is logged once, not at every sync. */
    private Map<String, RouteSkip> loggedSkips = new HashMap<>();
    /** Consecutive failures per pod CIDR, for the log line. */
    private final Map<Ipv4Cidr, Integer> failing = new HashMap<>();

    RouteSyncer(RoutePlanner planner, RouteTable table, HostGwMetrics metrics) {
        this.planner = planner;
        this.table = table;
        this.metrics = metrics;
    }

    synchronized SyncOutcome sync(List<Node> nodes) {
        long started = System.nanoTime();
        KernelRoutes kernel;
        try {
            kernel = table.read();
        } catch (RouteCommandException e) {
            metrics.commandFailed();
            LOG.warn("routing table could not be read; routes left as they are error={}", e.getMessage());
            return new SyncOutcome(0, 0, 1);
        }
        RoutePlan plan = planner.plan(nodes.stream().map(NodeFacts::of).toList(), kernel);
        logSkips(plan.skips());
        int changed = 0;
        int failed = 0;
        int missing = 0;
        for (RouteChange change : RouteChange.between(plan.routes(), kernel.ours())) {
            if (apply(change)) {
                changed++;
            } else {
                failed++;
                missing += change instanceof RouteChange.Replace ? 1 : 0;
            }
        }
        int inPlace = plan.routes().size() - missing;
        metrics.synced(System.nanoTime() - started, inPlace, plan.skips().size());
        if (changed > 0 || failed > 0) {
            LOG.info("host-gw routes synced routes={} changed={} failed={} skippedNodes={}", inPlace, changed,
                    failed, plan.skips().size());
        }
        return new SyncOutcome(inPlace, changed, failed);
    }

    private boolean apply(RouteChange change) {
        try {
            if (change instanceof RouteChange.Replace replace) {
                table.replace(replace.route());
                if (failing.remove(replace.route().podCidr()) != null) {
                    LOG.info("route programmed after failures {}", replace.route());
                }
            } else if (change instanceof RouteChange.Delete delete) {
                table.delete(delete.podCidr());
                failing.remove(delete.podCidr());
            }
            return true;
        } catch (RouteCommandException e) {
            metrics.commandFailed();
            if (change instanceof RouteChange.Replace replace) {
                NodeRoute route = replace.route();
                int failures = failing.merge(route.podCidr(), 1, Integer::sum);
                LOG.warn("route to node not programmed node={} podCIDR={} via={} failures={} error={}", route.node(),
                        route.podCidr(), route.gatewayText(), failures, e.getMessage());
            } else if (change instanceof RouteChange.Delete delete) {
                int failures = failing.merge(delete.podCidr(), 1, Integer::sum);
                LOG.warn("stale route not removed podCIDR={} failures={} error={}", delete.podCidr(), failures,
                        e.getMessage());
            }
            return false;
        }
    }

    /** Logs each node's skip when it starts or changes; expected ones at info, mistakes as warnings. */
    private void logSkips(List<RouteSkip> skips) {
        Map<String, RouteSkip> now = new HashMap<>();
        for (RouteSkip skip : skips) {
            now.put(skip.node(), skip);
            if (skip.equals(loggedSkips.get(skip.node()))) {
                continue;
            }
            if (skip.reason() == RouteSkip.Reason.NO_POD_CIDR) {
                LOG.debug("no route to node node={} reason={}", skip.node(), skip.reason().text());
            } else if (skip.reason().expected()) {
                LOG.info("no route to node node={} reason=\"{}\" detail={}", skip.node(), skip.reason().text(),
                        skip.detail());
            } else {
                LOG.warn("no route to node node={} reason=\"{}\" detail={}", skip.node(), skip.reason().text(),
                        skip.detail());
            }
        }
        loggedSkips = now;
    }

    /**
     * Deletes every route with our protocol, whatever node it was for: the host-gw data plane is switched off.
     *
     * @return how many routes were deleted
     * @throws RouteCommandException when the table could not be read or a route could not be deleted (the
     *         others are still deleted)
     */
    synchronized int removeAll() throws RouteCommandException {
        KernelRoutes kernel = table.read();
        int removed = 0;
        RouteCommandException first = null;
        for (Ipv4Cidr podCidr : kernel.ours().keySet()) {
            try {
                table.delete(podCidr);
                removed++;
            } catch (RouteCommandException e) {
                metrics.commandFailed();
                first = first == null ? e : first;
            }
        }
        metrics.removedAll();
        if (first != null) {
            throw first;
        }
        return removed;
    }
}
