package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.ReservePlugin;
import dev.orchestrator.api.scheduler.ScorePlugin;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.support.scheduling.NodeInfos;
import dev.orchestrator.support.scheduling.PodInfos;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static dev.orchestrator.scheduler.internal.TestPods.node;
import static dev.orchestrator.scheduler.internal.TestPods.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulingCycleTest {

    private final NodeWorkers workers = new NodeWorkers(2, "test");

    @AfterEach
    void close() {
        workers.close();
    }

    /** Fits when the node has the pod's cpu free. */
    static final class CpuFit implements FilterPlugin {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
            calls.incrementAndGet();
            return pod.requests().milliCpu() <= node.allocatable().milliCpu() - node.requested().milliCpu()
                    ? Status.success() : Status.unschedulable("Insufficient cpu");
        }
    }

    /** Rejects nodes whose name starts with "tainted". */
    static final class NoTainted implements FilterPlugin {
        @Override
        public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
            return node.name().startsWith("tainted") ? Status.unresolvable("node(s) had untolerated taint {x: y}")
                    : Status.success();
        }
    }

    /** Prefers the fullest node. */
    static final class Fullest implements ScorePlugin {
        @Override
        public long score(CycleState state, PodInfo pod, NodeInfo node) {
            return node.requested().milliCpu() * 100 / node.allocatable().milliCpu();
        }
    }

    private static PluginSet plugins(Plugin... plugins) {
        List<RegisteredPlugin> registered = new java.util.ArrayList<>();
        long id = 0;
        for (Plugin p : plugins) {
            registered.add(new RegisteredPlugin(p, p.getClass().getSimpleName(), 1,
                    p instanceof ScorePlugin ? "test" : "", 0, 0, id++));
        }
        return PluginSet.of(registered, "", Set.of(), Set.of(), Map.of());
    }

    private static Snapshot snapshot(NodeInfo... nodes) {
        NodeCache cache = new NodeCache();
        for (NodeInfo n : nodes) {
            cache.putNode(n.node());
            for (PodInfo p : n.pods()) {
                cache.putBoundPod(p, n.name());
            }
        }
        return cache.snapshot();
    }

    @Test
    void picksTheBestScoringFeasibleNode() {
        NodeInfo empty = NodeInfos.of(node("empty", "4"));
        NodeInfo half = NodeInfos.withPod(NodeInfos.of(node("half", "4")), pod("a", 0, "2"));
        NodeInfo full = NodeInfos.withPod(NodeInfos.of(node("full", "4")), pod("b", 0, "4"));
        SchedulingCycle cycle = new SchedulingCycle(workers, 0);
        CycleResult r = cycle.schedule(plugins(new CpuFit(), new Fullest()), snapshot(empty, half, full),
                pod("p", 0, "1"));
        CycleResult.Placed placed = assertInstanceOf(CycleResult.Placed.class, r);
        assertEquals("half", placed.node());
        assertEquals(2, placed.feasible());
    }

    @Test
    void noFitGivesTheKubernetesStyleMessageCountingReasons() {
        NodeInfo[] nodes = {NodeInfos.of(node("small-1", "1")), NodeInfos.of(node("small-2", "1")),
            NodeInfos.of(node("small-3", "1")), NodeInfos.of(node("tainted-1", "8")), NodeInfos.of(node("tainted-2", "8"))};
        SchedulingCycle cycle = new SchedulingCycle(workers, 0);
        CycleResult r = cycle.schedule(plugins(new NoTainted(), new CpuFit(), new Fullest()), snapshot(nodes),
                pod("p", 0, "2"));
        CycleResult.Unschedulable u = assertInstanceOf(CycleResult.Unschedulable.class, r);
        assertEquals("0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated taint {x: y}.",
                u.message());
    }

    @Test
    void aPodThatFitsNowhereHasTheLeastImportantLowerPriorityPodsPreempted() {
        // two full nodes: on "mixed" one pod of priority 5 and two of 1; on "high" one pod of priority 50
        NodeInfo mixed = NodeInfos.of(node("mixed", "4"));
        mixed = NodeInfos.withPod(mixed, pod("mid", 5, "2"));
        mixed = NodeInfos.withPod(mixed, pod("low-1", 1, "1"));
        mixed = NodeInfos.withPod(mixed, pod("low-2", 1, "1"));
        NodeInfo high = NodeInfos.withPod(NodeInfos.of(node("high", "4")), pod("important", 50, "4"));
        SchedulingCycle cycle = new SchedulingCycle(workers, 0);
        CycleResult r = cycle.schedule(plugins(new CpuFit()), snapshot(mixed, high), pod("p", 10, "2"));
        CycleResult.Unschedulable u = assertInstanceOf(CycleResult.Unschedulable.class, r);
        assertTrue(u.retrySoon());
        Preemption.Choice choice = u.preemption().orElseThrow();
        assertEquals("mixed", choice.node());
        // the priority-5 pod is given back: deleting both priority-1 pods makes room enough
        assertEquals(Set.of("low-1", "low-2"), choice.victims().stream().map(PodInfo::name)
                .collect(java.util.stream.Collectors.toSet()));
        assertTrue(u.message().startsWith("0/2 nodes are available: 2 Insufficient cpu. preemption: 2 pod(s)"), u.message());
    }

    @Test
    void noPreemptionForNeverOrEqualPrioritiesOrUnresolvableNodes() {
        NodeInfo full = NodeInfos.withPod(NodeInfos.of(node("full", "2")), pod("peer", 10, "2"));
        NodeInfo tainted = NodeInfos.withPod(NodeInfos.of(node("tainted-1", "2")), pod("low", 0, "2"));
        SchedulingCycle cycle = new SchedulingCycle(workers, 0);
        CycleResult.Unschedulable u = (CycleResult.Unschedulable) cycle.schedule(plugins(new NoTainted(), new CpuFit()),
                snapshot(full, tainted), pod("p", 10, "1"));
        assertTrue(u.preemption().isEmpty(), "an equal priority is no victim; a tainted node is not made to fit");
        PodInfo never = PodInfos.of(new io.fabric8.kubernetes.api.model.PodBuilder(pod("n", 100, "1").pod()).editSpec()
                .withPreemptionPolicy("Never").endSpec().build());
        assertTrue(((CycleResult.Unschedulable) cycle.schedule(plugins(new CpuFit()), snapshot(full), never))
                .preemption().isEmpty());
        assertTrue(((CycleResult.Unschedulable) new SchedulingCycle(workers, 0, false).schedule(plugins(new CpuFit()),
                snapshot(full), pod("q", 100, "1"))).preemption().isEmpty(), "switched off by configuration");
    }

    @Test
    void noNodesAtAll() {
        CycleResult r = new SchedulingCycle(workers, 0).schedule(plugins(new CpuFit()), Snapshot.EMPTY, pod("p", 0, "1"));
        assertEquals("no nodes available to schedule pods", ((CycleResult.Unschedulable) r).message());
    }

    @Test
    void largeClustersAreSampledAndTheStartRotates() {
        SchedulingCycle cycle = new SchedulingCycle(workers, 0);
        assertEquals(50, cycle.feasibleToFind(50));
        assertEquals(100, cycle.feasibleToFind(150)); // never fewer than 100
        assertEquals(420, cycle.feasibleToFind(1000)); // 50% - 1000/125 = 42%
        assertEquals(500, cycle.feasibleToFind(5000)); // 50% - 5000/125 = 10%
        assertEquals(1000, cycle.feasibleToFind(20_000)); // at least 5%
        assertEquals(2000, new SchedulingCycle(workers, 40).feasibleToFind(5000)); // configured
        NodeInfo[] nodes = new NodeInfo[1000];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = NodeInfos.of(node("n" + i, "4"));
        }
        CpuFit fit = new CpuFit();
        CycleResult.Placed placed = (CycleResult.Placed) cycle.schedule(plugins(fit, new Fullest()), snapshot(nodes),
                pod("p", 0, "1"));
        int expected = cycle.feasibleToFind(1000);
        assertEquals(expected, placed.feasible());
        assertTrue(fit.calls.get() < 1000, "stopped early after " + fit.calls.get() + " filter calls");
    }

    @Test
    void aThrowingPluginFailsTheCycleInsteadOfTheScheduler() {
        FilterPlugin broken = (state, pod, node) -> {
            throw new IllegalStateException("boom");
        };
        CycleResult r = new SchedulingCycle(workers, 0).schedule(plugins(broken),
                snapshot(NodeInfos.of(node("n", "4"))), pod("p", 0, "1"));
        assertTrue(((CycleResult.Failed) r).message().contains("boom"));
    }
    @Test
    void aFilterErrorFailsTheCycleInsteadOfCountingTheNodeUnfit() {
        FilterPlugin erring = (state, pod, node) -> Status.error("cannot read the volume's topology");
        CycleResult r = new SchedulingCycle(workers, 0).schedule(plugins(new CpuFit(), erring),
                snapshot(NodeInfos.of(node("a", "4")), NodeInfos.of(node("b", "4"))), pod("p", 0, "1"));
        CycleResult.Failed failed = assertInstanceOf(CycleResult.Failed.class, r);
        assertTrue(failed.message().contains("cannot read the volume's topology"), failed.message());
    }

    /** Records what it holds; the second instance can be told to fail its Reserve. */
    static final class Holding implements ReservePlugin {
        final List<String> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        final RuntimeException thrown;

        Holding(RuntimeException thrown) {
            this.thrown = thrown;
        }

        @Override
        public Status reserve(CycleState state, PodInfo pod, String node) {
            held.add(pod.key());
            if (thrown != null) {
                throw thrown;
            }
            return Status.success();
        }

        @Override
        public void unreserve(CycleState state, PodInfo pod, String node) {
            held.remove(pod.key());
        }
    }

    @Test
    void aReservePluginThatThrowsLeavesNoReservationBehind() {
        Holding first = new Holding(null);
        Holding broken = new Holding(new IllegalStateException("quota service down"));
        CycleResult r = new SchedulingCycle(workers, 0).schedule(plugins(first, broken),
                snapshot(NodeInfos.of(node("n", "4"))), pod("p", 0, "1"));
        CycleResult.Failed failed = assertInstanceOf(CycleResult.Failed.class, r);
        assertTrue(failed.message().contains("quota service down"), failed.message());
        assertEquals(List.of(), first.held, "the earlier reservation was released");
        assertEquals(List.of(), broken.held, "and the failing plugin's own");
    }
}
