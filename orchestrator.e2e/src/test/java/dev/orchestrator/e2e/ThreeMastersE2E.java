package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.store.tck.EtcdCluster;
import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Three masters (three all-in-one processes, each an API server, scheduler and controllers) on a three-member
 * etcd cluster, kubectl through {@code ./orch lb} (haproxy) and a worker node that balances over the three
 * API servers itself. One master and its etcd member are killed (SIGKILL) under a write load: no write
 * kubectl saw acknowledged is lost, kubectl works again within the lease duration, the surviving scheduler
 * binds new pods and the node, whose API server died, keeps running them.
 */
@Isolated("measures how long a takeover takes")
@Timeout(value = 360, unit = TimeUnit.SECONDS)
class ThreeMastersE2E {

    private static final String NODE = "ha-worker";
    private static final String LEADING = "leading, starting to schedule";
    private static final int LEASE_SECONDS = 15;

    /** One kubectl create through the load balancer: when it ended and whether kubectl said it was done. */
    private record Write(String name, long endedNanos, boolean acknowledged) {
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private Path work;

    @AfterEach
    void stopAll() throws Exception {
        try {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        } finally {
            if (work != null) {
                JarLaunch.deleteTree(work);
            }
        }
    }

    private <T extends AutoCloseable> T started(T resource) {
        started.add(resource);
        return resource;
    }

    @Test
    void killingOneMasterAndItsEtcdMemberLosesNoWriteAndTheOthersCarryOn() throws Exception {
        work = Files.createTempDirectory("orch-three-masters");
        EtcdCluster etcd = started(EtcdCluster.start(3));
        List<AllInOne> masters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            masters.add(started(AllInOne.startOnEtcd(etcd.endpoints(i))));
        }
        int leader = awaitSchedulerLeader(masters);
        AllInOne survivor = masters.get((leader + 1) % 3);
        ApiLoadBalancer lb = started(ApiLoadBalancer.start(work.resolve("lb"),
                masters.stream().map(AllInOne::url).toList()));
        // the node talks to the leader first, so the kill takes its API server away too
        String servers = masters.get(leader).url() + "," + masters.get((leader + 1) % 3).url() + ","
                + masters.get((leader + 2) % 3).url();
        Worker worker = started(Worker.start(work.resolve("worker"), servers, HollowNode.config(NODE, 219)));
        survivor.awaitNodeReady(NODE);

        List<Write> writes = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = new Thread(() -> writeUntilStopped(survivor, lb, writes, loading), "write-load");
        load.start();
        try {
            Eventually.until("10 writes acknowledged before the kill", 60, () -> acknowledged(writes).size(),
                    n -> n >= 10);
            masters.get(leader).kill();
            etcd.member(leader).kill();
            long killed = System.nanoTime();
            Eventually.until("20 writes acknowledged after the kill", 90,
                    () -> writes.stream().filter(w -> w.acknowledged() && w.endedNanos() > killed).count(),
                    n -> n >= 20);
            loading.set(false);
            load.join(TimeUnit.SECONDS.toMillis(90));

            double downtime = longestGapAfter(writes, killed) / 1e9;
            Set<String> acknowledged = acknowledged(writes);
            String stored = AllInOne.ok(survivor.kubectl("--server=" + lb.url(), "get", "configmaps", "-o",
                    "jsonpath={.items[*].metadata.name}")).out();
            Set<String> present = Arrays.stream(stored.trim().split("\\s+")).collect(Collectors.toSet());
            List<String> lost = acknowledged.stream().filter(n -> !present.contains(n)).sorted().toList();
            assertTrue(lost.isEmpty(), "acknowledged writes lost after the kill: " + lost);
            assertTrue(downtime < LEASE_SECONDS, "kubectl through the load balancer got no write done for "
                    + downtime + " s after the kill (lease " + LEASE_SECONDS + " s)");

            for (int i = 0; i < 3; i++) {
                AllInOne.ok(survivor.kubectl("--server=" + lb.url(), "run", "after-" + i, "--image=busybox:1",
                        "--restart=Never"));
            }
            Eventually.until("3 pods Running on " + NODE, 90, () -> survivor.kubectl("--server=" + lb.url(), "get",
                    "pods", "-o", "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.phase}{\"\\n\"}{end}")
                    .out(), out -> out.lines().filter(l -> l.startsWith("after-") && l.endsWith(NODE + " Running"))
                    .count() == 3);
            double bound = (System.nanoTime() - killed) / 1e9;
            boolean takenOver = false;
            for (int i = 0; i < masters.size(); i++) {
                takenOver |= i != leader && masters.get(i).log().contains(LEADING);
            }
            assertTrue(takenOver, "no surviving master took the scheduler lease over");
            survivor.awaitNodeReady(NODE);
            assertTrue(worker.log().contains("API server balancer now prefers"), "the node never moved to another API server");
            System.out.printf("three masters, kill -9 of the scheduler leader and its etcd member: kubectl through "
                    + "haproxy saw %.1f s without a write done; %d writes acknowledged, none lost; new pods Running on "
                    + "the node %.1f s after the kill%n", downtime, acknowledged.size(), bound);
        } finally {
            loading.set(false);
            load.join(TimeUnit.SECONDS.toMillis(90));
        }
    }

    /** Creates ConfigMaps one after another through the load balancer, each kubectl a new process. */
    private static void writeUntilStopped(AllInOne kubectl, ApiLoadBalancer lb, List<Write> writes,
                                          AtomicBoolean loading) {
        for (int i = 0; loading.get(); i++) {
            String name = "load-" + i;
            boolean done;
            try {
                done = kubectl.kubectl("--server=" + lb.url(), "--request-timeout=5s", "create", "configmap", name,
                        "--from-literal=n=" + i).exit() == 0;
            } catch (Exception e) {
                done = false;
            }
            writes.add(new Write(name, System.nanoTime(), done));
        }
    }

    private static Set<String> acknowledged(List<Write> writes) {
        return writes.stream().filter(Write::acknowledged).map(Write::name).collect(Collectors.toSet());
    }

    /** The longest time between two acknowledged writes, the later one after {@code since}. */
    private static long longestGapAfter(List<Write> writes, long since) {
        long longest = 0;
        long previous = Long.MIN_VALUE;
        for (Write w : writes) {
            if (!w.acknowledged()) {
                continue;
            }
            if (previous != Long.MIN_VALUE && w.endedNanos() > since) {
                longest = Math.max(longest, w.endedNanos() - previous);
            }
            previous = w.endedNanos();
        }
        return longest;
    }

    private static int awaitSchedulerLeader(List<AllInOne> masters) throws Exception {
        return Eventually.until("one of three masters leading the scheduler", 90, () -> {
            List<Integer> leading = new ArrayList<>();
            for (int i = 0; i < masters.size(); i++) {
                if (masters.get(i).log().contains(LEADING)) {
                    leading.add(i);
                }
            }
            assertTrue(leading.size() <= 1, "several masters lead the scheduler: " + leading);
            return leading.isEmpty() ? -1 : leading.get(0);
        }, i -> i >= 0);
    }
}
