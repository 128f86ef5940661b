package dev.orchestrator.apiserver.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import dev.orchestrator.testing.MovableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditPolicyTest {

    private static final UserInfo ALICE = new UserInfo("alice", "", List.of("dev", UserInfo.AUTHENTICATED), Map.of());
    private static final UserInfo SYSTEM = new UserInfo("system:orchestrator:control-plane", "", List.of("system:masters"), Map.of());

    @TempDir
    Path dir;

    private static AuditPolicy policy(String yaml) throws Exception {
        return AuditPolicy.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
    }

    /** A policy of these rules (YAML list items). */
    private static AuditPolicy rules(String rules) throws Exception {
        return policy("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n" + rules);
    }

    @Test
    void theFirstMatchingRuleGivesTheLevel() throws Exception {
        AuditPolicy policy = rules("""
                - level: None
                  nonResourceURLs: ["/healthz*", "/version"]
                - level: None
                  users: ["system:orchestrator:control-plane"]
                  verbs: ["get", "list", "watch"]
                - level: Metadata
                  resources: [{group: "", resources: ["secrets", "serviceaccounts/token"]}]
                - level: RequestResponse
                  userGroups: ["dev"]
                  namespaces: ["team"]
                - level: Request
                  verbs: ["create", "update", "patch", "delete"]
                - level: Metadata
                """);
        assertEquals(AuditLevel.NONE, policy.levelFor(ALICE, RequestAttributes.nonResource("get", "/healthz/etcd")));
        assertEquals(AuditLevel.METADATA, policy.levelFor(ALICE, RequestAttributes.nonResource("get", "/apis")));
        assertEquals(AuditLevel.NONE, policy.levelFor(SYSTEM, pods("list", "x")));
        assertEquals(AuditLevel.REQUEST, policy.levelFor(SYSTEM, pods("create", "x")));
        assertEquals(AuditLevel.METADATA, policy.levelFor(ALICE, RequestAttributes.resource("get", "", "v1", "secrets", "", "team", "s")));
        assertEquals(AuditLevel.METADATA, policy.levelFor(ALICE, RequestAttributes.resource("create", "", "v1", "serviceaccounts", "token", "x", "sa")));
        assertEquals(AuditLevel.REQUEST_RESPONSE, policy.levelFor(ALICE, pods("get", "team")));
        assertEquals(AuditLevel.METADATA, policy.levelFor(ALICE, pods("get", "other")));
    }

    @Test
    void aSubresourceIsNamedWholeOrWithAWildcardOnEitherSide() throws Exception {
        AuditPolicy policy = rules("""
                - level: None
                  resources: [{group: "", resources: ["pods/log"]}]
                - level: Request
                  resources: [{group: "", resources: ["*/status"]}]
                - level: RequestResponse
                  resources: [{group: "", resources: ["nodes/*"]}]
                - level: Metadata
                  resources: [{group: "", resources: ["pods"]}]
                """);
        assertEquals(AuditLevel.NONE, policy.levelFor(ALICE, sub("pods", "log")));
        assertEquals(AuditLevel.REQUEST, policy.levelFor(ALICE, sub("pods", "status")));
        assertEquals(AuditLevel.REQUEST, policy.levelFor(ALICE, sub("nodes", "status")));
        assertEquals(AuditLevel.REQUEST_RESPONSE, policy.levelFor(ALICE, sub("nodes", "proxy")));
        assertEquals(AuditLevel.METADATA, policy.levelFor(ALICE, pods("get", "x")), "pods alone, not pods/log");
        assertEquals(AuditLevel.NONE, policy.levelFor(ALICE, sub("pods", "exec")), "pods does not name pods/exec");
        assertEquals(AuditLevel.NONE, policy.levelFor(ALICE, sub("pods", "logs")), "pods/log is not pods/logs");
        assertEquals(AuditLevel.NONE, policy.levelFor(ALICE, sub("podsx", "log")));
        assertEquals(AuditLevel.NONE, policy.levelFor(ALICE, sub("services", "stat")));
        assertEquals(AuditLevel.NONE, policy.levelFor(ALICE, RequestAttributes.resource("get", "", "v1", "nodes", "", "", "n")),
                "nodes/* names only the subresources");
    }

    private static RequestAttributes sub(String resource, String subresource) {
        return RequestAttributes.resource("get", "", "v1", resource, subresource, "x", "n");
    }

    @Test
    void aWrongPolicyNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> policy("""
                apiVersion: audit.k8s.io/v1
                kind: Policy
                rules:
                - level: Everything
                """));
        assertTrue(e.getMessage().startsWith("rules[0].level: Unsupported value: \"Everything\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> policy("{apiVersion: v1, kind: ConfigMap}"));
        assertThrows(IllegalArgumentException.class, () -> policy("""
                apiVersion: audit.k8s.io/v1
                kind: Policy
                rules:
                - level: None
                  nonResourceURLs: ["/x"]
                  resources: [{group: ""}]
                """));
    }

    @Test
    void theLogRotatesAndKeepsTheNewestBackups() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
        try (AuditLog log = new AuditLog(dir.resolve("audit.log"), 100, 2, clock)) {
            for (int i = 0; i < 10; i++) {
                log.write(("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(40) + "\"}").getBytes());
                clock.advance(java.time.Duration.ofSeconds(1));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(3, names.size(), names.toString());
            assertTrue(names.contains("audit.log") && names.get(0).startsWith("audit-2026-12-04T10-00-0"), names.toString());
        }
        assertTrue(Files.readString(dir.resolve("audit.log")).contains("\"n\":9"));
    }

    private static RequestAttributes pods(String verb, String namespace) {
        return RequestAttributes.resource(verb, "", "v1", "pods", "", namespace, "p");
    }
}
