package dev.orchestrator.apiserver.internal.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Decisions from roles and bindings: users, groups, ServiceAccounts, namespaces, masters, rules reviews. */
class RbacAuthorizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private RbacIndex index;
    private RbacAuthorizer authorizer;

    @BeforeEach
    void setUp() {
        index = new RbacIndex();
        authorizer = new RbacAuthorizer(index);
        BootstrapPolicy.clusterRoles().forEach(r -> index.put(RbacIndex.Kind.CLUSTER_ROLE, key(r), r));
        BootstrapPolicy.clusterRoleBindings().forEach(b -> index.put(RbacIndex.Kind.CLUSTER_ROLE_BINDING, key(b), b));
        // view is aggregated: give it the rules the aggregation controller would
        ObjectNode view = role("ClusterRole", null, "view", "{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],"
                + "\"verbs\":[\"get\",\"list\",\"watch\"]}");
        index.put(RbacIndex.Kind.CLUSTER_ROLE, "view", view);
    }

    private static UserInfo user(String name, String... groups) {
        return new UserInfo(name, "", List.of(groups), Map.of());
    }

    private static RequestAttributes pods(String verb, String namespace) {
        return RequestAttributes.resource(verb, "", "v1", "pods", "", namespace, "");
    }

    @Test
    void aRoleBindingGrantsItsRoleInItsNamespaceOnly() {
        bind("a", "alice-view", "ClusterRole", "view", "{\"kind\":\"User\",\"name\":\"alice\"}");
        UserInfo alice = user("alice", UserInfo.AUTHENTICATED);
        Decision get = authorizer.authorize(alice, pods("get", "a"));
        assertTrue(get.allowed());
        assertEquals("RBAC: allowed by RoleBinding \"alice-view/a\" of ClusterRole \"view\" to User \"alice\"",
                get.reason());
        assertFalse(authorizer.authorize(alice, pods("create", "a")).allowed());
        assertFalse(authorizer.authorize(alice, pods("get", "b")).allowed());
        assertFalse(authorizer.authorize(alice, pods("list", "")).allowed(), "all namespaces is the cluster scope");
        assertEquals("", authorizer.authorize(alice, pods("get", "b")).reason());
    }

    @Test
    void groupsAndServiceAccountsAreSubjects() {
        bind("a", "devs", "ClusterRole", "view", "{\"kind\":\"Group\",\"name\":\"dev\"}",
                "{\"kind\":\"ServiceAccount\",\"name\":\"robot\"}");
        assertTrue(authorizer.authorize(user("bob", "dev"), pods("list", "a")).allowed());
        Decision robot = authorizer.authorize(user("system:serviceaccount:a:robot"), pods("watch", "a"));
        assertTrue(robot.allowed());
        assertTrue(robot.reason().endsWith("to ServiceAccount \"a:robot\""), robot.reason());
        assertFalse(authorizer.authorize(user("system:serviceaccount:b:robot"), pods("watch", "a")).allowed(),
                "a ServiceAccount subject without a namespace is of the binding's namespace");
    }

    @Test
    void mastersMayDoAnythingAndDefaultsAnswerDiscovery() {
        assertTrue(authorizer.authorize(user("root", UserInfo.MASTERS), pods("delete", "x")).allowed());
        assertTrue(authorizer.authorize(user("alice", UserInfo.AUTHENTICATED),
                RequestAttributes.nonResource("get", "/apis/apps/v1")).allowed());
        assertTrue(authorizer.authorize(user("system:anonymous", UserInfo.UNAUTHENTICATED),
                RequestAttributes.nonResource("get", "/healthz")).allowed());
        assertFalse(authorizer.authorize(user("system:anonymous", UserInfo.UNAUTHENTICATED),
                RequestAttributes.nonResource("get", "/apis")).allowed(), "discovery is for authenticated users");
        assertTrue(authorizer.authorize(user("alice", UserInfo.AUTHENTICATED), RequestAttributes.resource("create",
                "authorization.k8s.io", "v1", "selfsubjectaccessreviews", "", "", "")).allowed());
    }

    @Test
    void aBindingToAMissingRoleGrantsNothingUntilTheRoleExists() {
        bind("a", "later", "Role", "reader", "{\"kind\":\"User\",\"name\":\"carol\"}");
        assertFalse(authorizer.authorize(user("carol"), pods("get", "a")).allowed());
        index.put(RbacIndex.Kind.ROLE, "a/reader", role("Role", "a", "reader",
                "{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\"]}"));
        assertTrue(authorizer.authorize(user("carol"), pods("get", "a")).allowed());
        index.remove(RbacIndex.Kind.ROLE_BINDING, "a/later");
        assertFalse(authorizer.authorize(user("carol"), pods("get", "a")).allowed());
    }

    @Test
    void rulesForListsClusterAndNamespaceRules() {
        bind("a", "alice-view", "ClusterRole", "view", "{\"kind\":\"User\",\"name\":\"alice\"}");
        UserInfo alice = user("alice", UserInfo.AUTHENTICATED);
        List<PolicyRule> inA = authorizer.rulesFor(alice, "a");
        List<PolicyRule> inB = authorizer.rulesFor(alice, "b");
        assertTrue(inA.stream().anyMatch(r -> r.resources().contains("pods")));
        assertFalse(inB.stream().anyMatch(r -> r.resources().contains("pods")));
        assertTrue(inB.stream().anyMatch(r -> r.nonResourceURLs().contains("/api")), "discovery everywhere");
    }

    /**
     * What a decision costs with 10,000 namespaces each holding a RoleBinding (20,000 bindings with the defaults'):
     * printed, not asserted (speed is measured, not tested). A decision reads only the user's own bindings.
     */
    @Test
    void decisionCostWithManyBindings() {
        for (int i = 0; i < 10_000; i++) {
            bind("ns" + i, "view", "ClusterRole", "view", "{\"kind\":\"User\",\"name\":\"user" + i + "\"}");
        }
        UserInfo u = user("user42", UserInfo.AUTHENTICATED, "team-a", "team-b");
        assertTrue(authorizer.authorize(u, pods("get", "ns42")).allowed()); // builds the policy once
        int rounds = 200_000;
        long allowed = 0;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            allowed += authorizer.authorize(u, pods(i % 2 == 0 ? "get" : "create", "ns42")).allowed() ? 1 : 0;
        }
        long nanos = System.nanoTime() - start;
        assertEquals(rounds / 2, allowed);
        System.out.printf("RBAC decision: %.0f ns on average over %d decisions (10000 RoleBindings)%n",
                (double) nanos / rounds, rounds);
    }

    private void bind(String namespace, String name, String roleKind, String roleName, String... subjects) {
        try {
            ObjectNode b = (ObjectNode) JSON.readTree("{\"metadata\":{\"namespace\":\"" + namespace + "\",\"name\":\""
                    + name + "\"},\"roleRef\":{\"kind\":\"" + roleKind + "\",\"name\":\"" + roleName + "\"},"
                    + "\"subjects\":[" + String.join(",", subjects) + "]}");
            index.put(RbacIndex.Kind.ROLE_BINDING, namespace + "/" + name, b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode role(String kind, String namespace, String name, String... rules) {
        try {
            return (ObjectNode) JSON.readTree("{\"kind\":\"" + kind + "\",\"metadata\":{"
                    + (namespace == null ? "" : "\"namespace\":\"" + namespace + "\",") + "\"name\":\"" + name
                    + "\"},\"rules\":[" + String.join(",", rules) + "]}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(ObjectNode o) {
        return o.path("metadata").path("name").asText();
    }
}
