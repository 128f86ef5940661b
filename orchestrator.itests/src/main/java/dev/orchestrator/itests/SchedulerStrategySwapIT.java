package dev.orchestrator.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Swaps the scheduling strategy while a client creates pods (paced at up to 150 per second; the
 * rate reached is reported, never asserted, so a slow or busy machine only makes phases longer):
 * binpack → spread (stop one bundle, start the other) → binpack again → binpack updated to a new
 * revision → the scheduler core itself updated (it re-lists and takes the lease over). Afterwards
 * every pod is bound exactly once, the pods placed in each phase follow that phase's strategy, and
 * the longest pause in binding around each swap is reported.
 */
class SchedulerStrategySwapIT {

    private static final int NODES = 12;
    /** Room for every pod the test creates (~150/s for ~20 s) with a wide margin: 12 × 400. */
    private static final int PODS_PER_NODE = 400;
    /** A phase lasts at least this long and until enough of its own pods were bound to judge it. */
    private static final long PHASE_MILLIS = 3000;
    private static final int PODS_TO_JUDGE = 100;
    /** Bindings observed this close to a swap may come from either strategy; they are not judged. */
    private static final long MARGIN_MILLIS = 150;

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configurationAdmin;

    /** A binding as the test saw it through its watch. */
    record Bound(String pod, String node, long atMillis) {
    }

    @Test
    void swappingTheStrategyUnderLoadBindsEveryPodOnceAndFollowsTheActiveStrategy() throws Exception {
        KubernetesClient client = FrameworkClient.pointAt(context, configurationAdmin, HttpEndpoint.of(context));
        Bundle binpack = Bundles.find(context, "orchestrator.scheduler.binpack");
        Bundle spread = Bundles.find(context, "orchestrator.scheduler.spread");
        spread.stop();
        binpack.start();
        if (client.namespaces().withName("strategy-swap").get() == null) { // the data dir outlives a run
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("strategy-swap")
                    .endMetadata().build()).create();
        }
        for (int i = 0; i < NODES; i++) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(String.format("swap-node-%02d", i))
                    .endMetadata().withNewStatus().withAllocatable(Map.of("cpu", new Quantity(String.valueOf(PODS_PER_NODE / 10)),
                            "memory", new Quantity("100Gi"), "pods", new Quantity(String.valueOf(PODS_PER_NODE))))
                    .endStatus().build()).create();
        }

        Map<String, Bound> bound = new ConcurrentHashMap<>();
        Set<String> rebound = ConcurrentHashMap.newKeySet();
        Watch watch = client.pods().inNamespace("strategy-swap").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String node = pod.getSpec().getNodeName();
                if (node == null || node.isEmpty()) {
                    return;
                }
                Bound previous = bound.putIfAbsent(pod.getMetadata().getName(),
                        new Bound(pod.getMetadata().getName(), node, System.currentTimeMillis()));
                if (previous != null && !previous.node().equals(node)) {
                    rebound.add(pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger created = new AtomicInteger();
        Thread load = new Thread(() -> createPods(client, stop, created), "itest-pod-creator");
        load.start();
        try {
            long[] swaps = new long[8];
            long started = System.currentTimeMillis();
            awaitPhase(bound, started - MARGIN_MILLIS);
            swaps[0] = System.currentTimeMillis();
            binpack.stop();
            spread.start();
            swaps[1] = System.currentTimeMillis();
            awaitPhase(bound, swaps[1]);
            swaps[2] = System.currentTimeMillis();
            spread.stop();
            binpack.start();
            swaps[3] = System.currentTimeMillis();
            awaitPhase(bound, swaps[3]);
            WeakReference<ClassLoader> oldLoader = new WeakReference<>(
                    binpack.adapt(BundleWiring.class).getClassLoader());
            swaps[4] = System.currentTimeMillis();
            binpack.update();
            Bundles.refresh(context, binpack);
            swaps[5] = System.currentTimeMillis();
            awaitPhase(bound, swaps[5]);
            // the core itself: its queue and cache go, the new revision re-lists and takes the lease over
            Bundle core = Bundles.find(context, "orchestrator.scheduler");
            swaps[6] = System.currentTimeMillis();
            core.update();
            Bundles.refresh(context, core);
            swaps[7] = System.currentTimeMillis();
            awaitPhase(bound, swaps[7] + 2000);
            stop.set(true);
            load.join(30_000);
            double rate = created.get() * 1000.0 / (System.currentTimeMillis() - started);

            awaitAllBound(bound, created.get());
            assertEquals(Set.of(), rebound, "pods bound twice");
            assertEquals(created.get(), client.pods().inNamespace("strategy-swap").list().getItems().stream()
                    .filter(p -> p.getSpec().getNodeName() != null).count(), "pods lost or unbound");

            List<Bound> order = new ArrayList<>(bound.values());
            order.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
            assertPacked(phase(order, 0, swaps[0]), "binpack before the first swap");
            assertSpread(phase(order, swaps[1], swaps[2]), "spread after the first swap");
            assertPacked(phase(order, swaps[3], swaps[4]), "binpack after the second swap");
            assertPacked(phase(order, swaps[5], swaps[6]), "binpack after its bundle update");
            assertPacked(phase(order, swaps[7] + 2000, Long.MAX_VALUE), "binpack after the core's update");
            long coreGap = gap(order, swaps[6], swaps[7]);
            System.out.printf("scheduler strategy swap: pods=%d rate=%.0f/s gaps: stop/start=%d ms, "
                    + "stop/start back=%d ms, update=%d ms; core update=%d ms%n", created.get(), rate,
                    gap(order, swaps[0], swaps[1]), gap(order, swaps[2], swaps[3]), gap(order, swaps[4], swaps[5]),
                    coreGap);
            Bundles.assertReleased(Set.of(), oldLoader, "binpack strategy");
        } finally {
            stop.set(true);
            load.join(30_000);
            watch.close();
            client.pods().inNamespace("strategy-swap").withGracePeriod(0).delete();
            for (int i = 0; i < NODES; i++) {
                client.nodes().withName(String.format("swap-node-%02d", i)).delete();
            }
            spread.start();
            client.close();
        }
    }

    private static void createPods(KubernetesClient client, AtomicBoolean stop, AtomicInteger created) {
        long start = System.nanoTime();
        while (!stop.get()) {
            int i = created.get();
            client.pods().inNamespace("strategy-swap").resource(new PodBuilder().withNewMetadata()
                    .withName(String.format("p-%05d", i)).endMetadata().withNewSpec().addNewContainer().withName("c")
                    .withImage("busybox").withNewResources().withRequests(Map.of("cpu", new Quantity("100m"),
                            "memory", new Quantity("100Mi"))).endResources().endContainer().endSpec().build())
                    .create();
            created.incrementAndGet();
            // pace at ~150 pods/s at most: enough load to swap under, and CPU left to the server
            long due = start + TimeUnit.MILLISECONDS.toNanos((i + 1) * 1000L / 150);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Waits at least {@link #PHASE_MILLIS} and until {@link #PODS_TO_JUDGE} pods were bound after
     * {@code since} (plus the margin), so each phase has enough placements to judge its strategy
     * however fast this machine creates pods.
     */
    private static void awaitPhase(Map<String, Bound> bound, long since) throws InterruptedException {
        Thread.sleep(PHASE_MILLIS);
        long deadline = System.currentTimeMillis() + 120_000;
        while (bound.values().stream().filter(b -> b.atMillis() > since + MARGIN_MILLIS).count() < PODS_TO_JUDGE + 40
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    private static void awaitAllBound(Map<String, Bound> bound, int pods) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (bound.size() < pods && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(pods, bound.size(), "pods never bound");
    }

    private static List<Bound> phase(List<Bound> order, long from, long to) {
        return order.stream().filter(b -> b.atMillis() > from + MARGIN_MILLIS && b.atMillis() < to - MARGIN_MILLIS)
                .toList();
    }

    private static Map<String, Long> perNode(Collection<Bound> phase) {
        return phase.stream().collect(Collectors.groupingBy(Bound::node, HashMap::new, Collectors.counting()));
    }

    /** Bin-packing fills nodes one after another: the phase's pods sit on few nodes. */
    private static void assertPacked(List<Bound> phase, String what) {
        assertTrue(phase.size() >= PODS_TO_JUDGE, what + ": too few pods to judge: " + phase.size());
        int atMost = (int) Math.ceil(phase.size() / (double) PODS_PER_NODE) + 2;
        Map<String, Long> perNode = perNode(phase);
        assertTrue(perNode.size() <= atMost, what + ": " + phase.size() + " pods on " + perNode.size()
                + " nodes, expected at most " + atMost + ": " + perNode);
    }

    /** Spreading evens load out: the phase's pods sit on many nodes, none takes a large share. */
    private static void assertSpread(List<Bound> phase, String what) {
        assertTrue(phase.size() >= PODS_TO_JUDGE, what + ": too few pods to judge: " + phase.size());
        Map<String, Long> perNode = perNode(phase);
        long busiest = perNode.values().stream().mapToLong(Long::longValue).max().orElse(0);
        assertTrue(perNode.size() >= NODES / 2 && busiest <= phase.size() * 0.3,
                what + ": " + phase.size() + " pods spread as " + perNode);
    }

    /** @return the longest pause between two consecutive bindings that spans any part of the swap */
    private static long gap(List<Bound> order, long swapStart, long swapEnd) {
        long longest = 0;
        for (int i = 1; i < order.size(); i++) {
            long previous = order.get(i - 1).atMillis();
            long current = order.get(i).atMillis();
            if (current >= swapStart && previous <= swapEnd) {
                longest = Math.max(longest, current - previous);
            }
        }
        return longest;
    }
}
