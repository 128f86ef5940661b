package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The kubelet's pod life cycle in a running all-in-one on the hollow runtime (runtime.sim: no
 * processes; a container's command line says how it behaves: {@code sim-exit <code> <afterMillis>},
 * {@code sim-fail-start <message>}), driven with real kubectl. The same kubelet runs real containers
 * on containerd in {@code ContainerdNodeE2E}; here the tests cover the kubelet's own logic quickly:
 * phases, restart policies and back-off, init containers, waiting reasons, events, graceful deletion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HollowKubeletE2E {

    private static final String NODE = "hollow-1";
    private AllInOne cluster;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> etc = new LinkedHashMap<>(HollowNode.config(NODE, 201));
        // the pod garbage collector's quarantine shortened from Kubernetes' 40 s, so its test is quick
        etc.put("orchestrator.controllers.podgc.cfg", "quarantineSeconds=2\n");
        cluster = AllInOne.startWith(etc);
        Eventually.until("node " + NODE + " Ready", 60, () -> jsonpath("node", NODE,
                "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private String jsonpath(String kind, String name, String path) throws Exception {
        return cluster.jsonpath(kind, name, path);
    }

    private void pod(String name, String restartPolicy, String containers, String initContainers) throws Exception {
        String json = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                 "spec":{"nodeSelector":{"kubernetes.io/hostname":"%s"},"restartPolicy":"%s",
                         "terminationGracePeriodSeconds":5,
                         "initContainers":[%s],"containers":[%s]}}
                """.formatted(name, NODE, restartPolicy, initContainers, containers);
        ok(cluster.kubectlWithInput(json, "create", "-f", "-"));
    }

    /** The STATUS column of {@code kubectl get pod}. */
    private String statusColumn(String pod) throws Exception {
        String[] lines = ok(cluster.kubectl("get", "pod", pod)).out().trim().split("\n");
        return lines[lines.length - 1].trim().split("\\s+")[2];
    }

    private static String container(String name, String image, String... command) {
        return "{\"name\":\"" + name + "\",\"image\":\"" + image + "\",\"command\":[\""
                + String.join("\",\"", command) + "\"]}";
    }

    private static AllInOne.Result ok(AllInOne.Result r) {
        return AllInOne.ok(r);
    }

    private String awaitPhase(String pod, String phase) throws Exception {
        return Eventually.until("pod " + pod + " " + phase, 60, () -> jsonpath("pod", pod, "{.status.phase}"),
                phase::equals);
    }

    @Test
    void theNodeRegistersWithCapacityAndRenewsItsLease() throws Exception {
        assertEquals("8", jsonpath("node", NODE, "{.status.capacity.cpu}"));
        assertEquals("7900m", jsonpath("node", NODE, "{.status.allocatable.cpu}"));
        assertEquals("10.244.201.0/24", jsonpath("node", NODE, "{.spec.podCIDR}"));
        assertEquals("sim://1.0.0", jsonpath("node", NODE, "{.status.nodeInfo.containerRuntimeVersion}"));
        String first = cluster.kubectl("get", "lease", NODE, "-n", "kube-node-lease", "-o",
                "jsonpath={.spec.renewTime}").out();
        assertTrue(!first.isBlank(), "no lease");
        Eventually.until("lease renewed", 30, () -> cluster.kubectl("get", "lease", NODE, "-n", "kube-node-lease",
                "-o", "jsonpath={.spec.renewTime}").out(), t -> !t.equals(first) && !t.isBlank());
        String wide = ok(cluster.kubectl("get", "nodes", NODE)).out();
        assertTrue(wide.matches("(?s).*" + NODE + "\\s+Ready.*"), wide);
    }

    @Test
    void theControlPlaneGivesNodesWithoutARangeOneAndNeverMovesIt() throws Exception {
        ok(cluster.kubectlWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"ipam-a\"}}",
                "create", "-f", "-"));
        String a = Eventually.until("ipam-a gets a pod range", 30, () -> jsonpath("node", "ipam-a", "{.spec.podCIDR}"),
                cidr -> cidr.matches("10\\.244\\.\\d+\\.0/24"));
        assertTrue(!a.equals("10.244.201.0/24"), "handed out " + NODE + "'s range");
        assertEquals(a, jsonpath("node", "ipam-a", "{.spec.podCIDRs[0]}"));

        AllInOne.Result moved = cluster.kubectl("patch", "node", "ipam-a", "-p",
                "{\"spec\":{\"podCIDR\":\"10.244.99.0/24\",\"podCIDRs\":[\"10.244.99.0/24\"]}}");
        assertTrue(moved.exit() != 0 && moved.err().contains("node updates may not change podCIDR"), moved.err());
        assertEquals(a, jsonpath("node", "ipam-a", "{.spec.podCIDR}"));

        ok(cluster.kubectlWithInput(("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"ipam-b\"},"
                + "\"spec\":{\"podCIDR\":\"%s\",\"podCIDRs\":[\"%s\"]}}").formatted(a, a), "create", "-f", "-"));
        String described = Eventually.until("ipam-b warned about its range", 30,
                () -> cluster.kubectl("describe", "node", "ipam-b").out(), d -> d.contains("CIDRNotAvailable"));
        assertTrue(described.contains("overlaps node ipam-a"), described);

        // A deleted node's range is free again: the next node without one gets the lowest free range.
        ok(cluster.kubectl("delete", "node", "ipam-a", "ipam-b"));
        ok(cluster.kubectlWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"ipam-c\"}}",
                "create", "-f", "-"));
        assertEquals(a, Eventually.until("ipam-c gets a pod range", 30, () -> jsonpath("node", "ipam-c", "{.spec.podCIDR}"),
                cidr -> cidr.startsWith("10.244.")));
        ok(cluster.kubectl("delete", "node", "ipam-c"));
    }

    @Test
    void podsOfANodeThatIsGoneAreDeleted() throws Exception {
        ok(cluster.kubectlWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"gc-node\"}}",
                "create", "-f", "-"));
        for (String[] pod : new String[][] {{"on-gc-node", "gc-node"}, {"on-no-node", "never-registered"}}) {
            ok(cluster.kubectlWithInput("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                     "spec":{"nodeName":"%s","containers":[{"name":"main","image":"busybox:1"}]}}
                    """.formatted(pod[0], pod[1]), "create", "-f", "-"));
        }
        // a pod bound to a node that never registered goes after the quarantine
        Eventually.until("on-no-node deleted", 30, () -> cluster.kubectl("get", "pod", "on-no-node").err(),
                e -> e.contains("NotFound") || e.contains("not found"));
        // a node that exists keeps its pods: on-gc-node was created with on-no-node and has outlived its quarantine
        assertEquals("gc-node", jsonpath("pod", "on-gc-node", "{.spec.nodeName}"));
        ok(cluster.kubectl("delete", "node", "gc-node"));
        Eventually.until("on-gc-node deleted with its node", 30, () -> cluster.kubectl("get", "pod", "on-gc-node").err(),
                e -> e.contains("NotFound") || e.contains("not found"));
    }

    @Test
    void aLongRunningPodRunsWithAnIpAndEvents() throws Exception {
        pod("sleeper", "Always", container("main", "busybox:1", "sleep", "3600"), "");
        awaitPhase("sleeper", "Running");
        String ip = jsonpath("pod", "sleeper", "{.status.podIP}");
        assertTrue(ip.startsWith("10.244.201."), ip);
        Eventually.until("Ready", 30, () -> jsonpath("pod", "sleeper", "{.status.conditions[?(@.type==\"Ready\")].status}"),
                "True"::equals);
        String wide = ok(cluster.kubectl("get", "pod", "sleeper", "-o", "wide")).out();
        assertTrue(wide.contains(ip) && wide.contains(NODE) && wide.contains("1/1"), wide);
        String events = Eventually.until("events", 30, () -> cluster.kubectl("describe", "pod", "sleeper").out(),
                d -> d.contains("Started") && d.contains("Created") && d.contains("Pulled"));
        assertTrue(events.contains("Started container main"), events);
    }

    @Test
    void restartPolicyNeverEndsInSucceededOrFailedWithTheExitCode() throws Exception {
        pod("done-ok", "Never", container("main", "busybox:1", "sim-exit", "0", "300"), "");
        pod("done-bad", "Never", container("main", "busybox:1", "sim-exit", "3", "300"), "");
        awaitPhase("done-ok", "Succeeded");
        awaitPhase("done-bad", "Failed");
        assertEquals("3", jsonpath("pod", "done-bad", "{.status.containerStatuses[0].state.terminated.exitCode}"));
        assertEquals("Error", jsonpath("pod", "done-bad", "{.status.containerStatuses[0].state.terminated.reason}"));
        assertEquals("Completed", jsonpath("pod", "done-ok", "{.status.containerStatuses[0].state.terminated.reason}"));
        assertEquals("0", jsonpath("pod", "done-bad", "{.status.containerStatuses[0].restartCount}"));
    }

    @Test
    void aCrashingContainerIsRestartedWithBackOff() throws Exception {
        pod("crasher", "Always", container("main", "busybox:1", "sim-exit", "1", "100"), "");
        String table = Eventually.until("CrashLoopBackOff", 60, () -> cluster.kubectl("get", "pod", "crasher").out(),
                t -> t.contains("CrashLoopBackOff"));
        assertTrue(table.matches("(?s).*crasher\\s+0/1\\s+CrashLoopBackOff\\s+[12].*"), table);
        assertTrue(Integer.parseInt(jsonpath("pod", "crasher", "{.status.containerStatuses[0].restartCount}")) >= 1);
        assertEquals("1", jsonpath("pod", "crasher", "{.status.containerStatuses[0].lastState.terminated.exitCode}"));
        String events = cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=crasher").out();
        assertTrue(events.contains("Back-off restarting failed container main"), events);
        // each restart starts the container again: one Started event whose count the kubelet raises
        String started = Eventually.until("the Started event counted twice", 60, () -> cluster.kubectl("get", "events",
                "--field-selector", "involvedObject.name=crasher,reason=Started", "-o", "jsonpath={.items[*].count}").out(),
                c -> c.trim().matches("\\d+") && Integer.parseInt(c.trim()) >= 2);
        assertTrue(started.trim().matches("\\d+"), "one aggregated Started event: " + started);
        // OnFailure with exit 0 is not restarted
        pod("once", "OnFailure", container("main", "busybox:1", "sim-exit", "0", "100"), "");
        awaitPhase("once", "Succeeded");
    }

    @Test
    void initContainersRunInOrderBeforeTheAppAndAFailingOneBlocksIt() throws Exception {
        pod("inits", "Always", container("app", "busybox:1", "sleep", "3600"),
                container("first", "busybox:1", "sim-exit", "0", "300") + ","
                        + container("second", "busybox:1", "sim-exit", "0", "300"));
        awaitPhase("inits", "Running");
        String firstDone = jsonpath("pod", "inits", "{.status.initContainerStatuses[0].state.terminated.finishedAt}");
        String secondStarted = jsonpath("pod", "inits", "{.status.initContainerStatuses[1].state.terminated.startedAt}");
        assertTrue(firstDone.compareTo(secondStarted) <= 0, firstDone + " vs " + secondStarted);
        assertEquals("True", jsonpath("pod", "inits", "{.status.conditions[?(@.type==\"Initialized\")].status}"));

        pod("bad-init", "Never", container("app", "busybox:1", "sleep", "3600"),
                container("fails", "busybox:1", "sim-exit", "7", "100"));
        awaitPhase("bad-init", "Failed");
        assertEquals("7", jsonpath("pod", "bad-init", "{.status.initContainerStatuses[0].state.terminated.exitCode}"));
        assertEquals("PodInitializing", jsonpath("pod", "bad-init", "{.status.containerStatuses[0].state.waiting.reason}"));
        assertEquals("Init:Error", statusColumn("bad-init"));
        // with Always the failing init container is restarted and the app still waits
        pod("retry-init", "Always", container("app", "busybox:1", "sleep", "3600"),
                container("fails", "busybox:1", "sim-exit", "7", "100"));
        Eventually.until("init restarted", 60, () -> jsonpath("pod", "retry-init", "{.status.initContainerStatuses[0].restartCount}"),
                c -> !c.isEmpty() && !c.startsWith("<") && Integer.parseInt(c) >= 1);
        assertEquals("Pending", jsonpath("pod", "retry-init", "{.status.phase}"));
        // between restarts the column shows the last failure or the back-off; while a retry runs, Init:0/1
        String status = statusColumn("retry-init");
        assertTrue(status.equals("Init:Error") || status.equals("Init:CrashLoopBackOff") || status.equals("Init:0/1"), status);
        Eventually.until("back-off event", 60,
                () -> cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=retry-init").out(),
                e -> e.contains("Back-off restarting failed container fails"));
    }

    @Test
    void imageAndConfigurationErrorsShowAsWaitingReasonsAndEvents() throws Exception {
        pod("no-image", "Always", container("main", "missing/app:1", "sleep", "1"), "");
        Eventually.until("ErrImagePull or ImagePullBackOff", 60,
                () -> jsonpath("pod", "no-image", "{.status.containerStatuses[0].state.waiting.reason}"),
                r -> r.equals("ErrImagePull") || r.equals("ImagePullBackOff"));
        Eventually.until("ImagePullBackOff", 60,
                () -> jsonpath("pod", "no-image", "{.status.containerStatuses[0].state.waiting.reason}"),
                "ImagePullBackOff"::equals);
        String events = cluster.kubectl("describe", "pod", "no-image").out();
        assertTrue(events.contains("Failed to pull image \"missing/app:1\""), events);

        String json = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"needs-config"},
                 "spec":{"nodeSelector":{"kubernetes.io/hostname":"%s"},
                  "containers":[{"name":"main","image":"busybox:1","command":["sleep","3600"],
                   "env":[{"name":"MODE","valueFrom":{"configMapKeyRef":{"name":"app-config","key":"mode"}}}]}]}}
                """.formatted(NODE);
        ok(cluster.kubectlWithInput(json, "create", "-f", "-"));
        Eventually.until("CreateContainerConfigError", 60,
                () -> jsonpath("pod", "needs-config", "{.status.containerStatuses[0].state.waiting}"),
                w -> w.contains("CreateContainerConfigError") && w.contains("configmap \\\"app-config\\\" not found")
                        || w.contains("CreateContainerConfigError") && w.contains("configmap \"app-config\" not found"));
        String configEvents = cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=needs-config").out();
        assertTrue(configEvents.contains("configmap \"app-config\" not found"), configEvents);
        ok(cluster.kubectl("create", "configmap", "app-config", "--from-literal=mode=fast"));
        awaitPhase("needs-config", "Running");

        pod("no-command", "Always", container("main", "busybox:1", "sim-fail-start", "exec: nope: executable file not found in PATH"), "");
        Eventually.until("RunContainerError", 60,
                () -> jsonpath("pod", "no-command", "{.status.containerStatuses[0].state.waiting.reason}"),
                r -> r.equals("RunContainerError") || r.equals("CrashLoopBackOff"));
        String failed = cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=no-command").out();
        assertTrue(failed.contains("executable file not found"), failed);
    }

    @Test
    void deletingARunningPodTerminatesItAndRemovesTheObject() throws Exception {
        pod("doomed", "Always", container("main", "busybox:1", "sleep", "3600"), "");
        awaitPhase("doomed", "Running");
        AllInOne.Result deleted = ok(cluster.kubectl("delete", "pod", "doomed", "--wait=true", "--timeout=60s"));
        assertTrue(deleted.out().contains("pod \"doomed\" deleted"), deleted.out());
        AllInOne.Result gone = cluster.kubectl("get", "pod", "doomed");
        assertTrue(gone.err().contains("NotFound"), gone.all());
        String events = cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=doomed").out();
        assertTrue(events.contains("Stopping container main"), events);
    }
}
