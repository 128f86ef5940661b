package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The real kubectl against a running all-in-one. Each test works in its own namespace and
 * asserts what kubectl prints, not only its exit code. Subclasses choose the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class KubectlSuite {

    static final String MANIFEST = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: app-config
              labels: {app: web}
            data:
              color: blue
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: busybox:1.36
                    ports:
                    - containerPort: 80
                    - containerPort: 443
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: web}
              ports:
              - port: 80
            """;

    AllInOne cluster;

    abstract boolean withEtcd();

    @BeforeAll
    void startCluster() throws Exception {
        cluster = AllInOne.start(withEtcd());
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private AllInOne.Result ok(String... args) throws Exception {
        AllInOne.Result r = cluster.kubectl(args);
        assertEquals(0, r.exit(), () -> "kubectl " + String.join(" ", args) + " failed:\n" + r.all());
        return r;
    }

    private AllInOne.Result fails(String... args) throws Exception {
        AllInOne.Result r = cluster.kubectl(args);
        assertTrue(r.exit() != 0, () -> "kubectl " + String.join(" ", args) + " should have failed:\n" + r.all());
        return r;
    }

    private AllInOne.Result apply(String namespace, String manifest) throws Exception {
        AllInOne.Result r = cluster.kubectlWithInput(manifest, "apply", "-n", namespace, "-f", "-");
        assertEquals(0, r.exit(), () -> "kubectl apply failed:\n" + r.all());
        return r;
    }

    private String namespace(String name) throws Exception {
        assertTrue(ok("create", "namespace", name).out().contains("namespace/" + name + " created"));
        return name;
    }

    @Test
    void versionAndApiResources() throws Exception {
        assertTrue(ok("version").out().contains("Server Version: v1.32"));
        String resources = ok("api-resources").out();
        assertTrue(resources.matches("(?s).*deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment.*"), resources);
        assertTrue(resources.matches("(?s).*pods\\s+po\\s+v1\\s+true\\s+Pod.*"), resources);
        assertTrue(resources.matches("(?s).*namespaces\\s+ns\\s+v1\\s+false\\s+Namespace.*"), resources);
        // what the Kubernetes docs tell operators to run, and what load balancers probe
        String ready = ok("get", "--raw", "/readyz?verbose&exclude=ping").out();
        assertTrue(ready.contains("[+]etcd ok\n") && ready.contains("[+]ping excluded: ok\n")
                && ready.endsWith("readyz check passed\n"), ready);
        assertEquals("ok", ok("get", "--raw", "/livez/etcd").out());
        assertTrue(fails("get", "--raw", "/readyz/nope").err().contains("NotFound"));
    }

    @Test
    void componentStatusesShowTheStoreAndTheLeaderElectedComponentsHealthy() throws Exception {
        // the scheduler and the controllers take their Leases within seconds of the start
        AllInOne.Result cs = Eventually.until("every component Healthy in kubectl get componentstatuses", 60,
                () -> ok("get", "componentstatuses"), r -> r.out().lines().skip(1).count() == 3
                        && r.out().lines().skip(1).allMatch(l -> l.matches("\\S+\\s+Healthy\\s+ok\\s*")));
        assertTrue(cs.out().matches("(?s)NAME\\s+STATUS\\s+MESSAGE\\s+ERROR\\s*\n.*"), cs.out());
        assertTrue(cs.err().contains("v1 ComponentStatus is deprecated in v1.19+"), cs.err());
        assertEquals("etcd-0 scheduler controller-manager",
                ok("get", "cs", "-o", "jsonpath={.items[*].metadata.name}").out());
        assertEquals("True", ok("get", "cs", "scheduler", "-o", "jsonpath={.conditions[0].status}").out());
        assertTrue(fails("get", "cs", "kube-proxy").err().contains("\"kube-proxy\" not found"));
        assertTrue(fails("delete", "cs", "scheduler").err().contains("MethodNotAllowed"));
        String explained = ok("explain", "componentstatuses.conditions").out();
        assertTrue(explained.matches("(?s).*KIND:\\s+ComponentStatus.*FIELD:\\s+conditions.*"), explained);
    }

    @Test
    void priorityClassesGivePodsTheirPriority() throws Exception {
        String classes = ok("get", "priorityclasses").out();
        assertTrue(classes.matches("(?s)NAME\\s+VALUE\\s+GLOBAL-DEFAULT\\s+AGE\\s+PREEMPTIONPOLICY\\s*\n.*"
                + "system-cluster-critical\\s+2000000000\\s+false\\s+\\S+\\s+PreemptLowerPriority.*"
                + "system-node-critical\\s+2000001000\\s+false.*"), classes);
        String ns = namespace("priority");
        try {
            ok("create", "priorityclass", "kubectl-suite-high", "--value=1000", "--description=suite");
            ok("-n", ns, "run", "urgent", "--image=busybox", "--restart=Never", "--overrides",
                    "{\"spec\":{\"priorityClassName\":\"kubectl-suite-high\",\"schedulerName\":\"none\"}}");
            assertEquals("1000 PreemptLowerPriority", ok("-n", ns, "get", "pod", "urgent", "-o",
                    "jsonpath={.spec.priority} {.spec.preemptionPolicy}").out());
            AllInOne.Result unknown = fails("-n", ns, "run", "lost", "--image=busybox", "--restart=Never", "--overrides",
                    "{\"spec\":{\"priorityClassName\":\"no-such-class\"}}");
            assertTrue(unknown.err().contains("pods \"lost\" is forbidden: no PriorityClass with name no-such-class was "
                    + "found"), unknown.err());
            assertTrue(fails("create", "priorityclass", "kubectl-suite-huge", "--value=2000000000").err()
                    .contains("maximum allowed value of a user defined priority is 1000000000"));
            assertTrue(fails("delete", "priorityclass", "system-node-critical").err()
                    .contains("this is a system priority class and cannot be deleted"));
        } finally {
            cluster.kubectl("delete", "priorityclass", "kubectl-suite-high", "--ignore-not-found");
        }
    }

    @Test
    void aClaimAPodUsesAndItsBoundVolumeStayUntilTheyAreUnused() throws Exception {
        String ns = namespace("protection");
        String pv = "suite-" + ns;
        AllInOne.Result made = cluster.kubectlWithInput("""
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: %1$s}
                spec:
                  capacity: {storage: 1Gi}
                  accessModes: [ReadWriteOnce]
                  persistentVolumeReclaimPolicy: Retain
                  storageClassName: ""
                  hostPath: {path: /tmp/%1$s}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data, namespace: %2$s}
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: ""
                  volumeName: %1$s
                  resources: {requests: {storage: 1Gi}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: user, namespace: %2$s}
                spec:
                  nodeName: no-such-node
                  containers: [{name: c, image: busybox}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
                """.formatted(pv, ns), "apply", "-f", "-");
        assertEquals(0, made.exit(), made.all());
        try {
            assertEquals("kubernetes.io/pvc-protection", ok("-n", ns, "get", "pvc", "data", "-o",
                    "jsonpath={.metadata.finalizers[*]}").out());
            assertEquals("kubernetes.io/pv-protection", ok("get", "pv", pv, "-o", "jsonpath={.metadata.finalizers[*]}").out());
            Eventually.until("the claim bound", 30, () -> ok("-n", ns, "get", "pvc", "data", "-o",
                    "jsonpath={.status.phase}").out(), "Bound"::equals);

            ok("-n", ns, "delete", "pvc", "data", "--wait=false");
            Thread.sleep(2000); // the protection controller has had its chance to (wrongly) let it go
            assertEquals("Bound true", ok("-n", ns, "get", "pvc", "data", "-o",
                    "jsonpath={.status.phase} {.metadata.deletionTimestamp}").out().replaceAll("\\S+Z$", "true"));
            ok("delete", "pv", pv, "--wait=false");
            Thread.sleep(1000);
            assertTrue(ok("get", "pv", pv, "-o", "jsonpath={.metadata.deletionTimestamp}").out().endsWith("Z"),
                    "a volume bound to an existing claim stays");

            ok("-n", ns, "delete", "pod", "user", "--grace-period=0", "--force");
            Eventually.until("the claim gone once its pod is", 30, () -> cluster.kubectl("-n", ns, "get", "pvc", "data")
                    .err(), e -> e.contains("NotFound"));
            Eventually.until("the volume gone once its claim is", 30, () -> cluster.kubectl("get", "pv", pv).err(),
                    e -> e.contains("NotFound"));
        } finally {
            cluster.kubectl("delete", "pv", pv, "--ignore-not-found", "--wait=false");
        }
    }

    @Test
    void ingressesAndNetworkPoliciesAreServedForControllersRunAsPods() throws Exception {
        String ns = namespace("networking");
        AllInOne.Result classApplied = cluster.kubectlWithInput("""
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: suite-%s
                  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
                spec: {controller: example.com/suite}
                """.formatted(ns), "apply", "-f", "-");
        assertEquals(0, classApplied.exit(), classApplied.all());
        try {
            ok("-n", ns, "create", "ingress", "shop", "--rule=shop.example.com/*=web:80");
            String table = ok("-n", ns, "get", "ingress", "shop").out();
            assertTrue(table.matches("(?s)NAME\\s+CLASS\\s+HOSTS\\s+ADDRESS\\s+PORTS\\s+AGE\\s*\n"
                    + "shop\\s+suite-" + ns + "\\s+shop\\.example\\.com\\s+80\\s.*"), table);
            assertEquals("Prefix /", ok("-n", ns, "get", "ing", "shop", "-o",
                    "jsonpath={.spec.rules[0].http.paths[0].pathType} {.spec.rules[0].http.paths[0].path}").out());
            AllInOne.Result bad = fails("-n", ns, "create", "ingress", "bad", "--rule=10.0.0.1/=web:80");
            assertTrue(bad.err().contains("must be a DNS name, not an IP address"), bad.err());

            AllInOne.Result policy = cluster.kubectlWithInput("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: db-only-from-web}
                    spec:
                      podSelector: {matchLabels: {app: db}}
                      ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
                    """, "-n", ns, "apply", "-f", "-");
            assertEquals(0, policy.exit(), policy.all());
            assertTrue(policy.err().contains("Warning: NetworkPolicy is stored but not enforced"), policy.err());
            assertEquals("Ingress TCP", ok("-n", ns, "get", "netpol", "db-only-from-web", "-o",
                    "jsonpath={.spec.policyTypes[*]} {.spec.ingress[0].ports[0].protocol}").out());
        } finally {
            cluster.kubectl("delete", "ingressclass", "suite-" + ns, "--ignore-not-found");
        }
    }

    @Test
    void applyIsIdempotentAndThreeWayMergeRemovesDroppedFields() throws Exception {
        String ns = namespace("apply");
        String first = apply(ns, MANIFEST).out();
        assertTrue(first.contains("configmap/app-config created"), first);
        assertTrue(first.contains("deployment.apps/web created"), first);
        assertTrue(first.contains("service/web created"), first);
        String second = apply(ns, MANIFEST).out();
        assertTrue(second.contains("configmap/app-config unchanged"), second);
        assertTrue(second.contains("deployment.apps/web unchanged"), second);
        assertTrue(second.contains("service/web unchanged"), second);

        String changed = MANIFEST.replace("        - containerPort: 443\n", "").replace("replicas: 2", "replicas: 3");
        String third = apply(ns, changed).out();
        assertTrue(third.contains("deployment.apps/web configured"), third);
        assertEquals("3 [{\"containerPort\":80,\"protocol\":\"TCP\"}] 2", ok("get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].ports} {.metadata.generation}").out());
        assertTrue(apply(ns, changed).out().contains("deployment.apps/web unchanged"));
    }

    @Test
    void getPrintsTablesAndEveryOutputFormat() throws Exception {
        String ns = namespace("get");
        apply(ns, MANIFEST);
        String table = ok("get", "deploy", "-n", ns).out();
        assertTrue(table.matches("(?s)NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\s*\nweb\\s+0/2\\s+[0-2]\\s+0\\s+\\d+s.*"), table);
        String services = ok("get", "svc", "web", "-n", ns).out();
        assertTrue(services.matches("(?s)NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE\\s*\n"
                + "web\\s+ClusterIP\\s+10\\.96\\.\\d+\\.\\d+\\s+<none>\\s+80/TCP\\s+.*"), services);
        String wide = ok("get", "deploy", "web", "-n", ns, "-o", "wide").out();
        assertTrue(wide.contains("busybox:1.36") && wide.contains("app=web"), wide);
        assertTrue(ok("get", "cm", "app-config", "-n", ns, "-o", "yaml").out().contains("color: blue"));
        assertTrue(ok("get", "cm", "app-config", "-n", ns, "-o", "json").out().contains("\"color\": \"blue\""));
        assertEquals("blue", ok("get", "cm", "app-config", "-n", ns, "-o", "jsonpath={.data.color}").out());
        assertEquals("deployment.apps/web\n", ok("get", "deploy", "-n", ns, "-o", "name").out());
        String all = ok("get", "all", "-n", ns).out();
        assertTrue(all.contains("deployment.apps/web") && all.contains("service/web"), all);
        assertTrue(ok("get", "ns").out().matches("(?s).*default\\s+Active.*"));
        // (the Deployment's pods exist by now: its controller made them)
        assertTrue(ok("get", "pods", "-n", ns, "-l", "app=nothing").all().contains("No resources found in get namespace."));
    }

    @Test
    void sortByOrdersOnAnyFieldOfTheObjects() throws Exception {
        // --sort-by asks the Table for whole objects (includeObject=Object); with metadata only, kubectl printed nothing
        String ns = namespace("sorted");
        for (String[] cm : new String[][] {{"b", "3"}, {"c", "1"}, {"a", "2"}}) {
            ok("create", "configmap", cm[0], "-n", ns, "--from-literal=rank=" + cm[1]);
        }
        String sorted = ok("get", "cm", "-n", ns, "--sort-by=.data.rank",
                "-o", "custom-columns=NAME:.metadata.name", "--no-headers").out();
        assertEquals("c\na\nb\n", sorted.replaceAll("kube-root-ca.crt\n", ""));
        String table = ok("get", "cm", "-n", ns, "--sort-by=.data.rank").out();
        assertTrue(table.matches("(?s)NAME\\s+DATA\\s+AGE\\s*\n(kube-root-ca.crt.*\n)?c\\s.*\na\\s.*\nb\\s.*"), table);
    }

    @Test
    void selectorsFilterLists() throws Exception {
        String ns = namespace("select");
        apply(ns, MANIFEST);
        cluster.kubectlWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, labels: {app: db}}\n",
                "apply", "-n", ns, "-f", "-");
        assertEquals("configmap/app-config\n", ok("get", "cm", "-n", ns, "-l", "app=web", "-o", "name").out());
        assertEquals("configmap/other\n", ok("get", "cm", "-n", ns, "-l", "app in (db,cache)", "-o", "name").out());
        assertEquals("configmap/other\n", ok("get", "cm", "-n", ns, "-l", "app!=web,app", "-o", "name").out());
        assertEquals("configmap/other\n", ok("get", "cm", "-n", ns, "--field-selector", "metadata.name=other",
                "-o", "name").out());
        assertTrue(fails("get", "cm", "-n", ns, "-l", "app in web").all().contains("unable to parse requirement"));
        assertTrue(fails("get", "cm", "-n", ns, "--field-selector", "spec.nope=1").all()
                .contains("field label not supported"));
    }

    @Test
    void watchShowsLaterChanges() throws Exception {
        String ns = namespace("watch");
        cluster.kubectlWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: marker}\n", "apply", "-n", ns, "-f", "-");
        Path out = Files.createTempFile(cluster.dir(), "watch", ".out");
        Process watch = cluster.kubectlBackground(out, "get", "cm", "-n", ns, "-w");
        try {
            // kubectl has listed once it prints the marker; its watch starts from that list's version,
            // so every later change is shown.
            Eventually.until("kubectl get -w listing the marker", 15, () -> Files.readString(out),
                    seen -> seen.contains("marker"));
            cluster.kubectlWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched}\ndata: {a: b}\n",
                    "apply", "-n", ns, "-f", "-");
            ok("label", "cm", "watched", "-n", ns, "x=y");
            ok("delete", "cm", "watched", "-n", ns);
            // header, marker, created, labeled, deleted
            String seen = Eventually.until("the create, label and delete events in kubectl get -w", 30,
                    () -> Files.readString(out), s -> s.split("\n").length >= 5);
            assertTrue(seen.matches("(?s)NAME\\s+DATA\\s+AGE\\s*\n.*watched\\s+1\\s+\\d+s.*"), seen);
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void labelAnnotateScaleAndAllThreePatchTypes() throws Exception {
        String ns = namespace("mutate");
        apply(ns, MANIFEST);
        assertTrue(ok("label", "cm", "app-config", "-n", ns, "tier=fe").out().contains("configmap/app-config labeled"));
        assertTrue(ok("get", "cm", "-n", ns, "--show-labels").out().contains("app=web,tier=fe"));
        assertTrue(ok("label", "cm", "app-config", "-n", ns, "tier-").out().contains("configmap/app-config unlabeled"));
        assertTrue(ok("annotate", "cm", "app-config", "-n", ns, "note=hello").out().contains("annotated"));
        assertEquals("hello", ok("get", "cm", "app-config", "-n", ns, "-o",
                "jsonpath={.metadata.annotations.note}").out());
        assertTrue(ok("scale", "deploy", "web", "-n", ns, "--replicas=5").out().contains("deployment.apps/web scaled"));
        assertEquals("5", ok("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").out());
        ok("patch", "cm", "app-config", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/data/color\",\"value\":\"red\"}]");
        ok("patch", "cm", "app-config", "-n", ns, "--type=merge", "-p", "{\"data\":{\"size\":\"L\"}}");
        assertTrue(ok("patch", "deploy", "web", "-n", ns, "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"busybox:1.37\"}]}}}}")
                .out().contains("deployment.apps/web patched"));
        assertEquals("red L", ok("get", "cm", "app-config", "-n", ns, "-o", "jsonpath={.data.color} {.data.size}").out());
        // strategic merge kept the container's ports and other fields, changing only the image
        assertEquals("busybox:1.37 80", ok("get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}").out());
    }

    @Test
    void deleteSingleOrphanAndAll() throws Exception {
        String ns = namespace("remove");
        apply(ns, MANIFEST);
        assertTrue(ok("delete", "svc", "web", "-n", ns).out().contains("service \"web\" deleted"));
        assertTrue(ok("delete", "deploy", "web", "-n", ns, "--cascade=orphan").out()
                .contains("deployment.apps \"web\" deleted"));
        cluster.kubectlWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: second}\n", "apply", "-n", ns, "-f", "-");
        String deleted = ok("delete", "cm", "--all", "-n", ns).out();
        assertTrue(deleted.contains("configmap \"app-config\" deleted") && deleted.contains("configmap \"second\" deleted"),
                deleted);
        assertTrue(ok("get", "cm,deploy,svc", "-n", ns).all().contains("No resources found"));
        assertTrue(fails("get", "cm", "app-config", "-n", ns).err()
                .contains("Error from server (NotFound): configmaps \"app-config\" not found"));
    }

    @Test
    void deletingANamespaceDeletesItsContents() throws Exception {
        String ns = namespace("doomed");
        apply(ns, MANIFEST);
        AllInOne.Result deleted = ok("delete", "namespace", ns, "--timeout=60s");
        assertTrue(deleted.out().contains("namespace \"doomed\" deleted"), deleted.all());
        assertTrue(fails("get", "namespace", ns).err().contains("namespaces \"doomed\" not found"));
        assertTrue(ok("get", "cm,deploy,svc", "-n", ns).all().contains("No resources found"));
        assertTrue(fails("delete", "namespace", "default").err().contains("this namespace may not be deleted"));
    }

    @Test
    void explainShowsFieldsFromTheServedSchemas() throws Exception {
        String pods = ok("explain", "pods").out();
        assertTrue(pods.contains("KIND:       Pod") && pods.matches("(?s).*spec\\s+<PodSpec>.*"), pods);
        String containers = ok("explain", "deployment.spec.template.spec.containers").out();
        assertTrue(containers.matches("(?s).*image\\s+<string>.*") && containers.matches("(?s).*ports\\s+<\\[\\]ContainerPort>.*"),
                containers);
        // the API's own documentation, as kube-apiserver serves it
        assertTrue(pods.contains("Pod is a collection of containers"), pods);
        String port = ok("explain", "pods.spec.containers.ports.containerPort").out();
        assertTrue(port.contains("Number of port to expose on the pod's IP address"), port);
    }

    @Test
    void describeShowsTheObject() throws Exception {
        String ns = namespace("describe");
        apply(ns, MANIFEST);
        String described = ok("describe", "deploy", "web", "-n", ns).out();
        assertTrue(described.matches("(?s)Name:\\s+web\\s*\nNamespace:\\s+describe.*Replicas:\\s+2 desired.*"), described);
        assertTrue(ok("describe", "cm", "app-config", "-n", ns).out().contains("color"));
    }

    @Test
    void imperativeCreateCommandsWork() throws Exception {
        String ns = namespace("imperative");
        assertTrue(ok("create", "configmap", "lit", "-n", ns, "--from-literal=a=1", "--from-literal=b=2").out()
                .contains("configmap/lit created"));
        assertEquals("1 2", ok("get", "cm", "lit", "-n", ns, "-o", "jsonpath={.data.a} {.data.b}").out());
        assertTrue(ok("create", "secret", "generic", "pw", "-n", ns, "--from-literal=password=s3cret").out()
                .contains("secret/pw created"));
        assertEquals("czNjcmV0", ok("get", "secret", "pw", "-n", ns, "-o", "jsonpath={.data.password}").out());
        assertTrue(ok("create", "deployment", "nginx", "-n", ns, "--image=nginx:1.27").out()
                .contains("deployment.apps/nginx created"));
        assertTrue(ok("create", "job", "once", "-n", ns, "--image=busybox:1.36").out().contains("job.batch/once created"));
    }

    @Test
    void badInputGetsClearErrors() throws Exception {
        String ns = namespace("bad");
        assertTrue(fails("get", "cm", "nothere", "-n", ns).err()
                .contains("Error from server (NotFound): configmaps \"nothere\" not found"));
        AllInOne.Result unknownField = cluster.kubectlWithInput(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nbogus: 1\n", "create", "-n", ns, "-f", "-");
        assertTrue(unknownField.exit() != 0 && unknownField.err().contains("unknown field \"bogus\""), unknownField.all());
        AllInOne.Result nested = cluster.kubectlWithInput(MANIFEST.replace("image: busybox:1.36",
                "image: busybox:1.36\n        imagee: typo"), "apply", "-n", ns, "-f", "-");
        assertTrue(nested.exit() != 0 && nested.err().contains(
                "unknown field \"spec.template.spec.containers[0].imagee\""), nested.all());
        AllInOne.Result badName = cluster.kubectlWithInput(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n", "create", "-n", ns, "-f", "-");
        assertTrue(badName.exit() != 0 && badName.err().contains("The ConfigMap \"Bad_Name\" is invalid"), badName.all());
        apply(ns, MANIFEST);
        AllInOne.Result exists = cluster.kubectlWithInput(MANIFEST, "create", "-n", ns, "-f", "-");
        assertTrue(exists.err().contains("Error from server (AlreadyExists)"), exists.all());
        assertFalse(fails("get", "pods", "-n", "no-such-ns", "nope").err().isEmpty());
        AllInOne.Result missingNs = cluster.kubectlWithInput(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-y}\n", "create", "-n", "no-such-ns", "-f", "-");
        assertTrue(missingNs.err().contains("namespaces \"no-such-ns\" not found"), missingNs.all());
        // kubectl debug: ephemeral containers are added through pods/ephemeralcontainers only, and checked there
        cluster.kubectlWithInput("apiVersion: v1\nkind: Pod\nmetadata: {name: target}\nspec:\n  schedulerName: e2e-nobody\n"
                + "  containers: [{name: c, image: busybox:1.36}]\n", "create", "-n", ns, "-f", "-");
        assertEquals(0, cluster.kubectl("debug", "target", "-n", ns, "--image=busybox:1.36", "--profile=general",
                "--container=dbg").exit());
        assertEquals("dbg busybox:1.36", cluster.kubectl("get", "pod", "target", "-n", ns, "-o",
                "jsonpath={.spec.ephemeralContainers[0].name} {.spec.ephemeralContainers[0].image}").out().trim());
        AllInOne.Result badTarget = fails("debug", "target", "-n", ns, "--image=busybox:1.36", "--profile=general",
                "--target=nope");
        assertTrue(badTarget.err().contains("spec.ephemeralContainers[1].targetContainerName: Not found: \"nope\""),
                badTarget.all());
        AllInOne.Result onCreate = cluster.kubectlWithInput("apiVersion: v1\nkind: Pod\nmetadata: {name: early}\nspec:\n"
                + "  containers: [{name: c, image: busybox:1.36}]\n  ephemeralContainers: [{name: e, image: busybox:1.36}]\n",
                "create", "-n", ns, "-f", "-");
        assertTrue(onCreate.exit() != 0 && onCreate.err().contains("spec.ephemeralContainers: Forbidden: cannot be set on create"),
                onCreate.all());
    }
}
