package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static dev.orchestrator.e2e.RealNodeCluster.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Pod volumes on a real node (containerd, runc), driven with real kubectl: ConfigMaps and Secrets
 * as files (modes, items, tmpfs) and env, a ConfigMap edit reaching the mounted file, an emptyDir
 * shared by two containers, hostPath, missing ConfigMaps (FailedMount, then the pod starts), and
 * the cleanup of a deleted pod's volumes. Containers print what they see; the test reads their log
 * files on the node (there is no kubectl exec yet).
 */
@ResourceLock(RealNode.HOST)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PodVolumesE2E {

    private static final String NODE = "volumes-node";
    private static final int INDEX = 243;
    private RealNodeCluster real;
    private Path work;
    private Path volumes;
    private RealNode node;
    private AllInOne cluster;
    private String busybox;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(RealNode.available(), "needs root and containerd (./orch test installs it)");
        // under the node's directory, so that node-env.sh down unmounts whatever a failed run leaves
        real = RealNodeCluster.start(NODE, INDEX, Map.of(), nodeDir -> "volumesDir=" + nodeDir.resolve("volumes") + "\n");
        work = real.work;
        volumes = work.resolve("node/volumes");
        node = real.node;
        cluster = real.cluster;
        busybox = real.busybox;
    }

    @AfterAll
    void stop() throws Exception {
        if (real != null) {
            real.close();
        }
    }

    private String jsonpath(String kind, String name, String path) throws Exception {
        return real.jsonpath(kind, name, path);
    }

    private void create(String json) throws Exception {
        real.create(json);
    }

    private String awaitPhase(String pod, String phase) throws Exception {
        return real.awaitPhase(pod, phase);
    }

    /** Waits until the container's log (on the node) contains {@code text}, and returns the log. */
    private String awaitLog(String pod, String container, String text, int seconds) throws Exception {
        String uid = jsonpath("pod", pod, "{.metadata.uid}");
        Path log = node.podLogs().resolve("default_" + pod + "_" + uid).resolve(container + "/0.log");
        return Eventually.until(pod + "/" + container + " logs " + text, seconds,
                () -> Files.exists(log) ? Files.readString(log) : "", l -> l.contains(text));
    }

    private String events(String pod) throws Exception {
        return ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=" + pod)).out();
    }

    /** Mount points on the host (this test runs in the kubelet's mount namespace) at or below {@code dir}. */
    private static List<String> mountsUnder(Path dir) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
                .filter(m -> m.startsWith(dir.toString())).toList();
    }

    @Test
    void configMapsAndSecretsAreFilesWithTheirModesAndEnvAndSecretsAreOnTmpfs() throws Exception {
        ok(cluster.kubectl("create", "configmap", "app-config", "--from-literal=mode=fast", "--from-literal=level=3"));
        ok(cluster.kubectl("create", "secret", "generic", "app-secret", "--from-literal=password=s3cret"));
        String script = "echo env=$MODE/$PASS; echo file=$(cat /etc/config/mode)/$(cat /etc/secret/password);"
                + " echo picked=$(cat /etc/picked/sub/mode.txt); echo name=$(cat /etc/info/name);"
                + " echo projected=$(cat /etc/all/level)/$(cat /etc/all/password);"
                + " stat -L -c 'mode %a %n' /etc/config/mode /etc/picked/sub/mode.txt /etc/secret/password;"
                + " grep -E ' /etc/(secret|config|info|all) | /fast ' /proc/mounts | sed 's/^/mount /';"
                + " ls -a /etc/config | tr '\\n' ' ' | sed 's/^/entries /'; echo; sleep 3600";
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"files","labels":{"app":"files"}},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c",%s],
                    "env":[{"name":"MODE","valueFrom":{"configMapKeyRef":{"name":"app-config","key":"mode"}}},
                           {"name":"PASS","valueFrom":{"secretKeyRef":{"name":"app-secret","key":"password"}}}],
                    "volumeMounts":[{"name":"config","mountPath":"/etc/config"},{"name":"picked","mountPath":"/etc/picked"},
                      {"name":"secret","mountPath":"/etc/secret"},{"name":"info","mountPath":"/etc/info"},
                      {"name":"all","mountPath":"/etc/all"},{"name":"fast","mountPath":"/fast"}]}],
                  "volumes":[{"name":"config","configMap":{"name":"app-config","defaultMode":288}},
                    {"name":"picked","configMap":{"name":"app-config","items":[{"key":"mode","path":"sub/mode.txt","mode":384}]}},
                    {"name":"secret","secret":{"secretName":"app-secret"}},
                    {"name":"info","downwardAPI":{"items":[{"path":"name","fieldRef":{"fieldPath":"metadata.name"}}]}},
                    {"name":"all","projected":{"sources":[{"configMap":{"name":"app-config"}},{"secret":{"name":"app-secret"}}]}},
                    {"name":"fast","emptyDir":{"medium":"Memory","sizeLimit":"16Mi"}}]}}
                """.formatted(busybox, quote(script)));
        awaitPhase("files", "Running");
        String log = awaitLog("files", "main", "entries", 30);
        assertTrue(log.contains("env=fast/s3cret"), log);
        assertTrue(log.contains("file=fast/s3cret"), log);
        assertTrue(log.contains("picked=fast"), log);
        assertTrue(log.contains("name=files"), log);
        assertTrue(log.contains("projected=3/s3cret"), log);
        assertTrue(log.contains("mode 440 /etc/config/mode"), log); // defaultMode 0440
        assertTrue(log.contains("mode 600 /etc/picked/sub/mode.txt"), log); // the item's mode 0600
        assertTrue(log.contains("mode 644 /etc/secret/password"), log); // the default 0644
        assertTrue(log.contains("/etc/secret tmpfs ro"), log);
        assertTrue(log.contains("/etc/info tmpfs ro"), log);
        assertTrue(log.contains("/fast tmpfs rw"), log);
        assertTrue(log.contains("size=16384k"), log);
        assertTrue(log.contains("..data") && log.contains("level") && log.contains("mode"), log);
        String uid = jsonpath("pod", "files", "{.metadata.uid}");
        Path config = volumes.resolve(uid).resolve("config");
        assertTrue(Files.isSymbolicLink(config.resolve("..data")), "no ..data link in " + config);
        assertEquals(Path.of("..data/mode"), Files.readSymbolicLink(config.resolve("mode")));
    }

    @Test
    void editingAConfigMapUpdatesTheMountedFileInPlace() throws Exception {
        ok(cluster.kubectl("create", "configmap", "live", "--from-literal=v=value-one"));
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"watcher"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s",
                    "command":["sh","-c","while true; do echo seen=$(cat /etc/live/v); sleep 2; done"],
                    "volumeMounts":[{"name":"live","mountPath":"/etc/live"}]}],
                  "volumes":[{"name":"live","configMap":{"name":"live"}}]}}
                """.formatted(busybox));
        awaitPhase("watcher", "Running");
        awaitLog("watcher", "main", "seen=value-one", 30);
        String restarts = jsonpath("pod", "watcher", "{.status.containerStatuses[0].restartCount}");
        ok(cluster.kubectl("patch", "configmap", "live", "-p", "{\"data\":{\"v\":\"value-two\"}}"));
        awaitLog("watcher", "main", "seen=value-two", 60);
        assertEquals(restarts, jsonpath("pod", "watcher", "{.status.containerStatuses[0].restartCount}"));
    }

    @Test
    void anEmptyDirIsSharedByTwoContainersAlsoThroughASubPath() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"sharing"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[
                   {"name":"writer","image":"%1$s",
                    "command":["sh","-c","echo hello-from-writer > /shared/msg; echo via-subpath > /sub/file; sleep 3600"],
                    "volumeMounts":[{"name":"shared","mountPath":"/shared"},{"name":"shared","mountPath":"/sub","subPath":"part"}]},
                   {"name":"reader","image":"%1$s",
                    "command":["sh","-c","until [ -f /data/msg ] && [ -f /data/part/file ]; do sleep 1; done; echo read=$(cat /data/msg)/$(cat /data/part/file); sleep 3600"],
                    "volumeMounts":[{"name":"shared","mountPath":"/data","readOnly":true}]}],
                  "volumes":[{"name":"shared","emptyDir":{}}]}}
                """.formatted(busybox));
        awaitPhase("sharing", "Running");
        String log = awaitLog("sharing", "reader", "read=", 60);
        assertTrue(log.contains("read=hello-from-writer/via-subpath"), log);
    }

    @Test
    void aMissingConfigMapHoldsThePodWithFailedMountUntilItAppearsUnlessOptional() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"waits"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c","echo got=$(cat /cfg/k); sleep 3600"],
                    "volumeMounts":[{"name":"cfg","mountPath":"/cfg"}]}],
                  "volumes":[{"name":"cfg","configMap":{"name":"late-config"}}]}}
                """.formatted(busybox));
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"optional"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c","ls /cfg | wc -l | sed 's/^/files=/'; sleep 3600"],
                    "volumeMounts":[{"name":"cfg","mountPath":"/cfg"}]}],
                  "volumes":[{"name":"cfg","configMap":{"name":"never-there","optional":true}}]}}
                """.formatted(busybox));
        String events = Eventually.until("FailedMount for waits", 60, () -> events("waits"),
                e -> e.contains("FailedMount"));
        assertTrue(events.contains("MountVolume.SetUp failed for volume \"cfg\" : configmap \"late-config\" not found"),
                events);
        assertEquals("Pending", jsonpath("pod", "waits", "{.status.phase}"));
        assertEquals("ContainerCreating", jsonpath("pod", "waits", "{.status.containerStatuses[0].state.waiting.reason}"));
        assertTrue(cluster.kubectl("get", "pod", "waits").out().contains("ContainerCreating"));

        awaitPhase("optional", "Running");
        assertTrue(awaitLog("optional", "main", "files=", 30).contains("files=0"));

        ok(cluster.kubectl("create", "configmap", "late-config", "--from-literal=k=arrived"));
        awaitPhase("waits", "Running");
        awaitLog("waits", "main", "got=arrived", 30);
    }

    @Test
    void hostPathTypesAreCheckedAndAHostPathIsSharedWithTheHost() throws Exception {
        Path missing = work.resolve("no-such-dir");
        Path made = work.resolve("host-share");
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad-host"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sleep","3600"],
                    "volumeMounts":[{"name":"h","mountPath":"/h"}]}],
                  "volumes":[{"name":"h","hostPath":{"path":"%s","type":"Directory"}}]}}
                """.formatted(busybox, missing));
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"host-writer"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c","echo from-the-pod > /h/out; sleep 3600"],
                    "volumeMounts":[{"name":"h","mountPath":"/h"}]}],
                  "volumes":[{"name":"h","hostPath":{"path":"%s","type":"DirectoryOrCreate"}}]}}
                """.formatted(busybox, made));
        String events = Eventually.until("FailedMount for bad-host", 60, () -> events("bad-host"),
                e -> e.contains("FailedMount"));
        assertTrue(events.contains("hostPath type check failed: " + missing + " is not a directory"), events);
        assertEquals("Pending", jsonpath("pod", "bad-host", "{.status.phase}"));
        awaitPhase("host-writer", "Running");
        Eventually.until("the pod's file on the host", 30,
                () -> Files.exists(made.resolve("out")) ? Files.readString(made.resolve("out")) : "",
                s -> s.contains("from-the-pod"));
        ok(cluster.kubectl("delete", "pod", "bad-host", "host-writer", "--timeout=60s"));
        assertTrue(Files.exists(made.resolve("out")), "a hostPath outlives its pod");
    }

    /**
     * A new kubelet (bundle update) adopts the volumes of a running pod: its Memory emptyDir keeps
     * what the container wrote, no second tmpfs is mounted over it, the container is not restarted.
     */
    @Test
    void anUpdatedKubeletAdoptsVolumesWithoutRemountingOrWiping() throws Exception {
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"adopted"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sh","-c","echo kept > /m/f; echo kept > /d/f; sleep 3600"],
                    "volumeMounts":[{"name":"m","mountPath":"/m"},{"name":"d","mountPath":"/d"}]}],
                  "volumes":[{"name":"m","emptyDir":{"medium":"Memory"}},{"name":"d","emptyDir":{}}]}}
                """.formatted(busybox));
        awaitPhase("adopted", "Running");
        Path dir = volumes.resolve(jsonpath("pod", "adopted", "{.metadata.uid}"));
        Eventually.until("files written", 30, () -> Files.exists(dir.resolve("m/f")) && Files.exists(dir.resolve("d/f")),
                Boolean::booleanValue);
        String id = jsonpath("pod", "adopted", "{.status.containerStatuses[0].containerID}");
        int seen = occurrences(cluster.log(), "kubelet watching its pods");
        AllInOne.Result upgraded = cluster.upgradeBundle("orchestrator.kubelet");
        assertEquals(0, upgraded.exit(), upgraded.all());
        Eventually.until("the new kubelet watching its pods", 60,
                () -> occurrences(cluster.log(), "kubelet watching its pods"), n -> n > seen);
        // the new kubelet's first syncs of the pod set its volumes up again: give them a few relists
        Thread.sleep(3000);
        assertEquals(List.of(dir.resolve("m").toString()), mountsUnder(dir));
        assertEquals("kept\n", Files.readString(dir.resolve("m/f")));
        assertEquals("kept\n", Files.readString(dir.resolve("d/f")));
        assertEquals(id, jsonpath("pod", "adopted", "{.status.containerStatuses[0].containerID}"));
        assertEquals("0", jsonpath("pod", "adopted", "{.status.containerStatuses[0].restartCount}"));
    }

    private static int occurrences(String text, String line) {
        int n = 0;
        for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void deletingAPodUnmountsAndRemovesItsVolumes() throws Exception {
        ok(cluster.kubectl("create", "secret", "generic", "doomed-secret", "--from-literal=k=v"));
        create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"doomed"},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","command":["sleep","3600"],
                    "volumeMounts":[{"name":"s","mountPath":"/s"},{"name":"m","mountPath":"/m"},{"name":"d","mountPath":"/d"}]}],
                  "volumes":[{"name":"s","secret":{"secretName":"doomed-secret"}},
                    {"name":"m","emptyDir":{"medium":"Memory"}},{"name":"d","emptyDir":{}}]}}
                """.formatted(busybox));
        awaitPhase("doomed", "Running");
        Path dir = volumes.resolve(jsonpath("pod", "doomed", "{.metadata.uid}"));
        assertEquals(2, mountsUnder(dir).size(), mountsUnder(dir).toString());
        assertTrue(Files.isDirectory(dir.resolve("d")));
        ok(cluster.kubectl("delete", "pod", "doomed", "--timeout=60s"));
        Eventually.until("the pod's volume directory removed", 30, () -> Files.exists(dir), exists -> !exists);
        assertEquals(List.of(), mountsUnder(dir));
        assertFalse(Files.exists(dir));
    }
}
