package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Backup while the cluster runs, wipe, restore into a new data directory, start on it.
 *
 * <p>The hollow node {@code backup-a} runs in a worker process ({@code worker.jar}, as {@code ./orch join} starts
 * it), not inside the all-in-one: its simulated containers live in its process's memory, and the point is that
 * they outlive the control plane, as a real node's containers outlive it in containerd. The worker keeps running
 * while the control plane is stopped, restored and started again on the same port; its pods must be adopted, not
 * started again: the same uids, still Running, the same start times and no restarts.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BackupRestoreE2E {

    private static final String NODE = "backup-a";
    private static final String NS = "backup-e2e";
    /** ConfigMaps beside the workload, so that the backup holds a thousand objects rather than a handful. */
    private static final int OBJECTS = 1000;
    private static final String PODS = "jsonpath={range .items[*]}{.metadata.uid} {.status.phase} {.status.startTime} "
            + "{.status.containerStatuses[0].state.running.startedAt} {.status.containerStatuses[0].restartCount}"
            + "{\"\\n\"}{end}";

    private Path work;
    private AllInOne cluster;
    private Worker worker;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (worker != null) {
                worker.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            if (work != null) {
                JarLaunch.deleteTree(work);
            }
        }
    }

    @Test
    void backupWhileRunningThenRestoreAdoptsTheRunningPods() throws Exception {
        work = Files.createTempDirectory("orch-backup-e2e");
        cluster = AllInOne.startWith(java.util.Map.of());
        worker = Worker.start(work.resolve("worker"), cluster.url(), HollowNode.config(NODE, 218));
        cluster.awaitNodeReady(NODE);

        ok(cluster.kubectl("create", "namespace", NS));
        ok(cluster.kubectl("-n", NS, "create", "configmap", "settings", "--from-literal=color=blue"));
        ok(cluster.kubectlWithInput(configMaps(OBJECTS), "-n", NS, "create", "-f", "-"));
        ok(cluster.kubectl("-n", NS, "create", "deployment", "web", "--image=busybox:1", "--replicas=2"));
        String podsBefore = Eventually.until("2 pods of web Running on " + NODE, 90,
                () -> cluster.kubectl("-n", NS, "get", "pods", "-l", "app=web", "-o", PODS).out(),
                out -> out.lines().filter(l -> l.contains(" Running ")).count() == 2);
        String configMapUid = cluster.kubectl("-n", NS, "get", "configmap", "settings", "-o",
                "jsonpath={.metadata.uid}").out();

        String objectsBefore = identities(cluster);

        Path file = work.resolve("cluster.orchsnap");
        AllInOne.Result backup = AllInOne.orch("backup", file.toString(), "--server", cluster.url());
        assertEquals(0, backup.exit(), backup.out());
        Matcher printed = Pattern.compile("backup .*: revision (\\d+), (\\d+) keys, sha256 ([0-9a-f]{64})")
                .matcher(backup.out());
        assertTrue(printed.find(), backup.out());
        long snapshotRevision = Long.parseLong(printed.group(1));
        assertTrue(Long.parseLong(printed.group(2)) > 10, backup.out());

        // written after the backup: gone after the restore, and its resourceVersion is newer than the snapshot
        ok(cluster.kubectl("-n", NS, "create", "configmap", "after-backup"));
        String lateVersion = cluster.kubectl("-n", NS, "get", "configmap", "after-backup", "-o",
                "jsonpath={.metadata.resourceVersion}").out();
        assertTrue(Long.parseLong(lateVersion) > snapshotRevision);

        int port = cluster.port();
        cluster.close(); // stops the control plane and wipes its data directory; the worker keeps running
        cluster = null;

        Path corrupt = work.resolve("corrupt.orchsnap");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(corrupt, bytes);
        AllInOne.Result refused = AllInOne.orch("restore", corrupt.toString(), "--data-dir", work.resolve("bad").toString());
        assertNotEquals(0, refused.exit(), refused.out());
        assertTrue(refused.out().contains("checksum mismatch"), refused.out());
        assertFalse(Files.exists(work.resolve("bad")), "nothing written for a corrupt file");

        Path restoredDir = work.resolve("restored");
        AllInOne.Result restore = AllInOne.orch("restore", file.toString(), "--data-dir", restoredDir.toString());
        assertEquals(0, restore.exit(), restore.out());
        assertTrue(restore.out().contains("restored: revision " + snapshotRevision), restore.out());
        AllInOne.Result again = AllInOne.orch("restore", file.toString(), "--data-dir", restoredDir.toString());
        assertNotEquals(0, again.exit(), again.out());
        assertTrue(again.out().contains("is not empty"), again.out());

        Instant restarted = Instant.now();
        cluster = AllInOne.startIn(restoredDir, port, java.util.Map.of());

        assertEquals(configMapUid, cluster.kubectl("-n", NS, "get", "configmap", "settings", "-o",
                "jsonpath={.metadata.uid}").out());
        assertTrue(cluster.kubectl("-n", NS, "get", "configmap", "after-backup").all().contains("NotFound"));
        String objectsAfter = identities(cluster);
        objectsBefore.lines().forEach(object -> assertTrue(objectsAfter.contains(object + "\n"),
                "back with the same uid and resourceVersion: " + object));
        // the worker's kubelet has reported to the restored control plane (so it has seen its pods there)
        Eventually.until("a node heartbeat after the restore", 60, () -> cluster.kubectl("get", "lease", "-n",
                "kube-node-lease", NODE, "-o", "jsonpath={.spec.renewTime}").out(),
                renew -> !renew.isEmpty() && Instant.parse(renew).isAfter(restarted));
        cluster.awaitNodeReady(NODE);
        Eventually.until("the Deployment reconciled: 2 ready replicas", 60, () -> cluster.kubectl("-n", NS, "get",
                "deployment", "web", "-o", "jsonpath={.status.readyReplicas}/{.status.replicas}").out(), "2/2"::equals);
        String podsAfter = cluster.kubectl("-n", NS, "get", "pods", "-l", "app=web", "-o", PODS).out();
        assertEquals(sorted(podsBefore), sorted(podsAfter),
                "the same pods (uid), Running, same start times, no restarts: adopted, not started again");

        // the controllers work on the restored state: one more replica, beside the two adopted ones
        ok(cluster.kubectl("-n", NS, "scale", "deployment", "web", "--replicas=3"));
        String scaled = Eventually.until("3 pods of web Running", 90, () -> cluster.kubectl("-n", NS, "get", "pods",
                "-l", "app=web", "-o", PODS).out(), out -> out.lines().filter(l -> l.contains(" Running ")).count() == 3);
        podsBefore.lines().forEach(pod -> assertTrue(scaled.contains(pod), "still there unchanged: " + pod));

        ok(cluster.kubectl("-n", NS, "create", "configmap", "after-restore"));
        long newVersion = Long.parseLong(cluster.kubectl("-n", NS, "get", "configmap", "after-restore", "-o",
                "jsonpath={.metadata.resourceVersion}").out());
        assertTrue(newVersion > Long.parseLong(lateVersion), "new writes come after every revision clients saw");

        // a client resuming a watch from a resourceVersion it got after the backup: "too old" (410, relist),
        // never "too large" (the future), which would leave it stuck
        HttpResponse<String> watch = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.url()
                        + "/api/v1/namespaces/" + NS + "/configmaps?watch=true&timeoutSeconds=2&resourceVersion="
                        + lateVersion)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        String answer = watch.statusCode() + " " + watch.body();
        assertTrue(answer.contains("410") || answer.contains("Expired"), answer);
        assertFalse(answer.toLowerCase(java.util.Locale.ROOT).contains("too large"), answer);
    }

    /** Namespaces and ConfigMaps (objects no controller rewrites) as "kind namespace/name uid resourceVersion" lines. */
    private static String identities(AllInOne cluster) throws Exception {
        String range = "jsonpath={range .items[*]}{.kind} {.metadata.namespace}/{.metadata.name} {.metadata.uid} "
                + "{.metadata.resourceVersion}{\"\\n\"}{end}";
        AllInOne.Result r = cluster.kubectl("get", "namespaces,configmaps", "-A", "-o", range);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().lines().count() >= OBJECTS, r.out());
        return r.out();
    }

    /** A List of {@code count} small ConfigMaps, for a backup of a store with some bulk. */
    private static String configMaps(int count) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":")
                    .append("{\"name\":\"bulk-").append(i).append("\"},\"data\":{\"n\":\"").append(i).append("\"}}");
        }
        return "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + items + "]}";
    }

    private static String sorted(String lines) {
        return lines.lines().sorted().reduce("", (a, b) -> a + b + "\n");
    }

    private static void ok(AllInOne.Result r) {
        assertEquals(0, r.exit(), r.all());
    }
}
