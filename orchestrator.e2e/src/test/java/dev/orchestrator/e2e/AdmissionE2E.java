package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.AllInOne.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admission chain with the real kubectl against one all-in-one as {@code ./orch up} starts it: LimitRange
 * defaults and limits, ResourceQuota enforcement and usage, Pod Security enforce and warn, and the namespace
 * lifecycle. Pods need no node here: admission decides before scheduling.
 */
class AdmissionE2E {

    private static AllInOne cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = AllInOne.startSecured(Map.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static AllInOne.Result create(String yaml) throws Exception {
        return cluster.kubectlWithInput(yaml, "create", "-f", "-");
    }

    private static String pod(String namespace, String name, String containerExtra) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: %s}
                spec:
                  containers:
                  - name: c
                    image: registry.invalid/busybox:1
                %s
                """.formatted(name, namespace, containerExtra.indent(4).stripTrailing());
    }

    @Test
    void limitRangeDefaultsAreVisibleAndItsMaximumIsEnforced() throws Exception {
        ok(cluster.kubectl("create", "namespace", "adm-limits"));
        ok(create("""
                apiVersion: v1
                kind: LimitRange
                metadata: {name: limits, namespace: adm-limits}
                spec:
                  limits:
                  - type: Container
                    default: {cpu: 500m, memory: 128Mi}
                    defaultRequest: {cpu: 100m, memory: 64Mi}
                    max: {cpu: "1"}
                """));
        ok(create(pod("adm-limits", "defaulted", "")));
        String yaml = ok(cluster.kubectl("get", "pod", "defaulted", "-n", "adm-limits", "-o", "yaml")).out();
        assertTrue(yaml.contains("limits:\n        cpu: 500m\n        memory: 128Mi"), yaml);
        assertTrue(yaml.contains("requests:\n        cpu: 100m\n        memory: 64Mi"), yaml);
        assertEquals("LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c",
                ok(cluster.kubectl("get", "pod", "defaulted", "-n", "adm-limits", "-o",
                        "jsonpath={.metadata.annotations.kubernetes\\.io/limit-ranger}")).out().trim());
        AllInOne.Result refused = create(pod("adm-limits", "greedy", "resources: {limits: {cpu: \"2\"}}"));
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("pods \"greedy\" is forbidden: maximum cpu usage per Container is 1, but limit is 2"),
                refused.all());
    }

    @Test
    void aQuotaRefusesThePodBeyondItAndDescribeShowsUsage() throws Exception {
        ok(cluster.kubectl("create", "namespace", "adm-quota"));
        ok(cluster.kubectl("create", "quota", "small", "--hard=pods=2,requests.cpu=1", "-n", "adm-quota"));
        ok(create(pod("adm-quota", "one", "resources: {requests: {cpu: 300m}}")));
        ok(create(pod("adm-quota", "two", "resources: {requests: {cpu: 300m}}")));
        AllInOne.Result third = create(pod("adm-quota", "three", "resources: {requests: {cpu: 300m}}"));
        assertNotEquals(0, third.exit());
        assertTrue(third.err().contains("pods \"three\" is forbidden: exceeded quota: small, requested: pods=1, used: pods=2,"
                + " limited: pods=2"), third.all());
        AllInOne.Result unstated = create(pod("adm-quota", "vague", ""));
        assertTrue(unstated.err().contains("failed quota: small: must specify requests.cpu for: c"), unstated.all());
        String describe = ok(cluster.kubectl("describe", "quota", "small", "-n", "adm-quota")).out();
        assertTrue(describe.matches("(?s).*pods\\s+2\\s+2.*") && describe.matches("(?s).*requests\\.cpu\\s+600m\\s+1.*"),
                describe);
        // the controller gives back what a deleted pod held
        ok(cluster.kubectl("delete", "pod", "two", "-n", "adm-quota", "--wait=false"));
        Eventually.until("the quota's usage after the delete", 60,
                () -> cluster.kubectl("get", "quota", "small", "-n", "adm-quota", "-o", "jsonpath={.status.used.pods}")
                        .out().trim(), "1"::equals);
        ok(create(pod("adm-quota", "three", "resources: {requests: {cpu: 300m}}")));
    }

    @Test
    void podSecurityEnforceRefusesAndWarnWarns() throws Exception {
        ok(cluster.kubectl("create", "namespace", "adm-restricted"));
        ok(cluster.kubectl("label", "namespace", "adm-restricted", "pod-security.kubernetes.io/enforce=restricted"));
        AllInOne.Result refused = create(pod("adm-restricted", "root", "securityContext: {privileged: true}"));
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("pods \"root\" is forbidden: violates PodSecurity \"restricted:latest\": "
                + "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false)"),
                refused.all());
        assertTrue(refused.err().contains("privileged (container \"c\" must not set securityContext.privileged=true)"),
                refused.all());

        ok(cluster.kubectl("create", "namespace", "adm-warned"));
        ok(cluster.kubectl("label", "namespace", "adm-warned", "pod-security.kubernetes.io/warn=baseline",
                "pod-security.kubernetes.io/warn-version=v1.30"));
        AllInOne.Result warned = ok(create(pod("adm-warned", "root", "securityContext: {privileged: true}")));
        assertTrue(warned.err().contains("Warning: would violate PodSecurity \"baseline:latest\": privileged (container \"c\""
                + " must not set securityContext.privileged=true)"), warned.all());
    }

    @Test
    void aTerminatingNamespaceTakesNothingNewAndSystemNamespacesStay() throws Exception {
        ok(cluster.kubectl("create", "namespace", "adm-doomed"));
        ok(create("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: held, namespace: adm-doomed, finalizers: [example.com/hold]}
                """));
        ok(cluster.kubectl("delete", "namespace", "adm-doomed", "--wait=false"));
        Eventually.until("adm-doomed terminating", 30,
                () -> cluster.jsonpath("namespace", "adm-doomed", "{.status.phase}"), "Terminating"::equals);
        AllInOne.Result refused = cluster.kubectl("create", "configmap", "late", "-n", "adm-doomed");
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("configmaps \"late\" is forbidden: unable to create new content in namespace "
                + "adm-doomed because it is being terminated"), refused.all());
        ok(cluster.kubectl("patch", "configmap", "held", "-n", "adm-doomed", "--type=merge", "-p",
                "{\"metadata\":{\"finalizers\":null}}"));

        AllInOne.Result kept = cluster.kubectl("delete", "namespace", "kube-public");
        assertNotEquals(0, kept.exit());
        assertTrue(kept.err().contains("namespaces \"kube-public\" is forbidden: this namespace may not be deleted"),
                kept.all());
        assertEquals("Active", cluster.jsonpath("namespace", "kube-public", "{.status.phase}"));
    }
}
