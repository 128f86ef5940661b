package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.store.tck.EtcdServer;
import dev.orchestrator.testing.Eventually;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Two masters (two all-in-one processes on one etcd, each with its API server, scheduler and
 * controllers): only the holder of the scheduler Lease schedules, only the holder of the controller
 * Lease reconciles; when one crashes, the other takes the lease over once it expires and handles
 * what arrived meanwhile.
 */
@Isolated("measures how long a takeover takes")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SchedulerLeaderElectionE2E {

    private static final String LEADING = "leading, starting to schedule";
    private static final String CONTROLLERS_LEADING = "leading lease=kube-system/orchestrator-controllers";

    @Test
    void onlyTheLeaseHolderSchedulesAndAnotherTakesOverAfterACrash() throws Exception {
        try (EtcdServer etcd = EtcdServer.start(); AllInOne first = AllInOne.startOn(etcd);
                AllInOne second = AllInOne.startOn(etcd)) {
            AllInOne leader = awaitLeader(first, second);
            AllInOne standby = leader == first ? second : first;
            ok(standby.kubectlWithInput("""
                    {"apiVersion":"v1","kind":"Node","metadata":{"name":"ha-node"},
                     "status":{"allocatable":{"cpu":"64","memory":"64Gi","pods":"110"}}}
                    """, "create", "-f", "-"));
            for (int i = 0; i < 5; i++) {
                ok(standby.kubectl("run", "before-" + i, "--image=busybox", "--restart=Never"));
            }
            awaitBound(standby, "before-", 5);
            assertTrue(!standby.log().contains(LEADING), "the standby scheduled too");
            String holder = ok(standby.kubectl("get", "lease", "-n", "kube-system", "orchestrator-default-scheduler",
                    "-o", "jsonpath={.spec.holderIdentity}")).out();
            assertTrue(leader.log().contains("identity=" + holder), "lease holder " + holder + " is not the leader");

            leader.kill();
            long killed = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                ok(standby.kubectl("run", "after-" + i, "--image=busybox", "--restart=Never"));
            }
            awaitBound(standby, "after-", 5);
            double takeover = (System.nanoTime() - killed) / 1e9;
            assertTrue(standby.log().contains(LEADING), "the standby never took over");
            System.out.printf("scheduler leader crash: pods bound by the new leader %.1f s after the kill%n", takeover);
        }
    }

    /**
     * The controllers of two masters: only the holder of the controller Lease reconciles (a
     * Deployment created through the other master gets exactly its pods), and when it crashes the
     * other takes over within the lease duration and reconciles what arrived meanwhile.
     */
    @Test
    void onlyTheControllerLeaseHolderReconcilesAndAnotherTakesOverAfterACrash() throws Exception {
        try (EtcdServer etcd = EtcdServer.start(); AllInOne first = AllInOne.startOn(etcd);
                AllInOne second = AllInOne.startOn(etcd)) {
            AllInOne leader = awaitLeader(first, second, CONTROLLERS_LEADING);
            AllInOne standby = leader == first ? second : first;
            ok(standby.kubectl("create", "deployment", "before", "--image=busybox", "--replicas=4"));
            awaitPods(standby, "before-", 4);
            assertTrue(!standby.log().contains(CONTROLLERS_LEADING), "the standby reconciles too");
            assertTrue(!standby.log().contains("reconciling name=deployment"), "the standby reconciles too");

            leader.kill();
            long killed = System.nanoTime();
            ok(standby.kubectl("create", "deployment", "after", "--image=busybox", "--replicas=3"));
            awaitPods(standby, "after-", 3);
            double takeover = (System.nanoTime() - killed) / 1e9;
            assertTrue(standby.log().contains(CONTROLLERS_LEADING), "the standby never took over");
            // The lease lasts 15 s; the rest is the new term listing and the rollout itself.
            assertTrue(takeover < 45, "pods of the new Deployment only " + takeover + " s after the kill");
            Thread.sleep(2000);
            awaitPods(standby, "before-", 4);
            System.out.printf("controller leader crash: pods made by the new leader %.1f s after the kill%n", takeover);
        }
    }

    /** Exactly {@code count} pods named {@code prefix}*, bound or not. */
    private static void awaitPods(AllInOne cluster, String prefix, int count) throws Exception {
        Eventually.until(count + " pods " + prefix + "*", 60, () -> cluster.kubectl("get", "pods", "-o",
                "jsonpath={.items[*].metadata.name}").out(),
                names -> java.util.Arrays.stream(names.trim().split("\\s+")).filter(n -> n.startsWith(prefix)).count() == count);
    }

    private static AllInOne awaitLeader(AllInOne a, AllInOne b) throws Exception {
        return awaitLeader(a, b, LEADING);
    }

    private static AllInOne awaitLeader(AllInOne a, AllInOne b, String leading) throws Exception {
        return Eventually.until("one of two leading", 60, () -> {
            boolean aLeads = a.log().contains(leading);
            boolean bLeads = b.log().contains(leading);
            assertTrue(!(aLeads && bLeads), "both lead: " + leading);
            return aLeads ? a : bLeads ? b : null;
        }, leader -> leader != null);
    }

    private static void awaitBound(AllInOne cluster, String prefix, int count) throws Exception {
        Eventually.until(count + " pods " + prefix + "* bound to ha-node", 60, cluster::boundPods,
                bound -> bound.entrySet().stream()
                        .filter(e -> e.getKey().startsWith(prefix) && e.getValue().equals("ha-node")).count() == count);
    }

    private static AllInOne.Result ok(AllInOne.Result r) {
        return AllInOne.ok(r);
    }
}
