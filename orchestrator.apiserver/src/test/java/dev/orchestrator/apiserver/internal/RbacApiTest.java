package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.authz.RbacAuthorizer;
import dev.orchestrator.apiserver.internal.authz.RbacIndex;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import dev.orchestrator.testing.Eventually;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RBAC through the write path on a real store: validation as Kubernetes words it, the default roles, the
 * authorizer's index following writes through the watch cache, and escalation prevention on writes by a user.
 */
class RbacApiTest {

    private static final UserInfo ALICE = new UserInfo("alice", "", List.of(UserInfo.AUTHENTICATED), Map.of());
    private WritePath path;
    private WatchCache watchCache;
    private RbacFeed feed;
    private RbacAuthorizer authorizer;
    private final AtomicReference<UserInfo> writer = new AtomicReference<>();

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
        path.writes.create(path.type("", "v1", "namespaces"), null, json("{'metadata':{'name':'a'}}"), false);
        new RbacBootstrap(path.registry, path.storage, path.writes).ensureDefaults();
        watchCache = new WatchCache(path.store, 1000);
        RbacIndex index = new RbacIndex();
        feed = new RbacFeed(path.storage, watchCache, path.registry, index);
        feed.start();
        authorizer = new RbacAuthorizer(index);
        path.writes.guardWith(new RbacEscalation(authorizer, authorizer, path.storage, path.registry,
                () -> Optional.ofNullable(writer.get())));
    }

    @AfterEach
    void close() throws Exception {
        feed.close();
        watchCache.close();
        path.close();
    }

    private ResourceType rbac(String plural) {
        return path.type(RbacTypes.GROUP, "v1", plural);
    }

    @Test
    void defaultRolesGetWhatANewVersionAddsAndKeepWhatOperatorsAdded() {
        ResourceType roles = rbac("clusterroles");
        ResourceType bindings = rbac("clusterrolebindings");
        long unchanged = ObjectMeta.resourceVersion(path.storage.get(roles, null, "system:kube-scheduler").orElseThrow());
        new RbacBootstrap(path.registry, path.storage, path.writes).ensureDefaults();
        assertEquals(unchanged, ObjectMeta.resourceVersion(path.storage.get(roles, null, "system:kube-scheduler")
                .orElseThrow()), "a second start rewrites nothing");

        // as an older version left them: a rule less, a rule an operator added, a binding without its subject
        com.fasterxml.jackson.databind.node.ObjectNode scheduler = path.storage.get(roles, null, "system:kube-scheduler")
                .orElseThrow();
        int defaults = scheduler.path("rules").size();
        ((com.fasterxml.jackson.databind.node.ArrayNode) scheduler.get("rules")).remove(0);
        ((com.fasterxml.jackson.databind.node.ArrayNode) scheduler.get("rules")).add(json(
                "{'apiGroups':[''],'resources':['configmaps'],'verbs':['get']}"));
        path.writes.update(roles, null, "system:kube-scheduler", null, scheduler, false);
        com.fasterxml.jackson.databind.node.ObjectNode view = path.storage.get(roles, null, "system:basic-user").orElseThrow();
        ((com.fasterxml.jackson.databind.node.ObjectNode) view.get("metadata")).putObject("annotations")
                .put("rbac.authorization.kubernetes.io/autoupdate", "false");
        ((com.fasterxml.jackson.databind.node.ArrayNode) view.get("rules")).remove(0);
        path.writes.update(roles, null, "system:basic-user", null, view, false);
        com.fasterxml.jackson.databind.node.ObjectNode binding = path.storage.get(bindings, null, "system:node")
                .orElseThrow();
        ((com.fasterxml.jackson.databind.node.ArrayNode) binding.get("subjects")).removeAll();
        path.writes.update(bindings, null, "system:node", null, binding, false);

        new RbacBootstrap(path.registry, path.storage, path.writes).ensureDefaults();

        com.fasterxml.jackson.databind.JsonNode rules = path.storage.get(roles, null, "system:kube-scheduler")
                .orElseThrow().path("rules");
        assertEquals(defaults + 1, rules.size(), "the default rules again, and the operator's: " + rules);
        assertTrue(rules.toString().contains("configmaps"), rules.toString());
        assertEquals(view.path("rules").size(), path.storage.get(roles, null, "system:basic-user").orElseThrow()
                .path("rules").size(), "autoupdate false: left as edited");
        assertEquals("system:nodes", path.storage.get(bindings, null, "system:node").orElseThrow()
                .path("subjects").path(0).path("name").asText());
    }

    @Test
    void rulesAndBindingsAreValidatedAsKubernetesDoes() {
        ApiException e = assertThrows(ApiException.class, () -> path.writes.create(rbac("roles"), "a", json(
                "{'metadata':{'name':'r'},'rules':[{'apiGroups':[''],'resources':['pods']},"
                        + "{'verbs':['get']},{'verbs':['get'],'nonResourceURLs':['/x']}]}"), false));
        assertEquals("Required value: verbs must contain at least one value", cause(e, "rules[0].verbs").message());
        assertEquals("Required value: resource rules must supply at least one api group",
                cause(e, "rules[1].apiGroups").message());
        assertEquals("Required value: resource rules must supply at least one resource",
                cause(e, "rules[1].resources").message());
        assertTrue(cause(e, "rules[2].nonResourceURLs").message().endsWith(
                "namespaced rules cannot apply to non-resource URLs"));

        e = assertThrows(ApiException.class, () -> path.writes.create(rbac("clusterrolebindings"), null, json(
                "{'metadata':{'name':'b'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'Role','name':'x'},"
                        + "'subjects':[{'kind':'ServiceAccount','name':'sa'},{'kind':'Robot','name':'r'}]}"), false));
        assertEquals("Unsupported value: \"Role\": supported values: \"ClusterRole\"", cause(e, "roleRef.kind").message());
        assertEquals("Required value", cause(e, "subjects[0].namespace").message());
        assertEquals("Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"",
                cause(e, "subjects[1].kind").message());
    }

    @Test
    void roleRefIsImmutableAndSubjectGroupsAreDefaulted() {
        var created = path.writes.create(rbac("rolebindings"), "a", json("{'metadata':{'name':'b'},'roleRef':"
                + "{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'view'},"
                + "'subjects':[{'kind':'User','name':'alice'}]}"), false);
        assertEquals("rbac.authorization.k8s.io", created.at("/subjects/0/apiGroup").asText());
        created.with("roleRef").put("name", "edit");
        ApiException e = assertThrows(ApiException.class, () -> path.writes.update(rbac("rolebindings"), "a", "b",
                null, created, false));
        assertTrue(cause(e, "roleRef").message().endsWith("cannot change roleRef"), e.getMessage());
    }

    @Test
    void theIndexFollowsWritesAndEscalationIsRefused() throws Exception {
        path.writes.create(rbac("rolebindings"), "a", json("{'metadata':{'name':'alice-edit'},'roleRef':"
                + "{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'system:aggregate-to-admin'},"
                + "'subjects':[{'kind':'User','name':'alice'}]}"), false);
        RequestAttributes createRoles = RequestAttributes.resource("create", RbacTypes.GROUP, "v1", "roles", "", "a", "");
        Eventually.until("the RBAC index", 10, () -> authorizer.authorize(ALICE, createRoles).allowed());

        writer.set(ALICE); // alice may write roles in a, but holds no right on secrets
        ApiException e = assertThrows(ApiException.class, () -> path.writes.create(rbac("roles"), "a", json(
                "{'metadata':{'name':'secrets'},'rules':[{'apiGroups':[''],'resources':['secrets'],"
                        + "'verbs':['get','list']}]}"), false));
        assertEquals(403, e.code);
        assertEquals("roles.rbac.authorization.k8s.io \"secrets\" is forbidden: user \"alice\" (groups=["
                + "\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}", e.getMessage());
        // rules she holds she may grant
        path.writes.create(rbac("roles"), "a", json("{'metadata':{'name':'binder'},'rules':[{'apiGroups':"
                + "['rbac.authorization.k8s.io'],'resources':['roles'],'verbs':['get']}]}"), false);

        e = assertThrows(ApiException.class, () -> path.writes.create(rbac("rolebindings"), "a", json(
                "{'metadata':{'name':'admin'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole',"
                        + "'name':'cluster-admin'},'subjects':[{'kind':'User','name':'alice'}]}"), false));
        assertEquals(403, e.code);
        assertTrue(e.getMessage().startsWith("rolebindings.rbac.authorization.k8s.io \"admin\" is forbidden: user "
                + "\"alice\""), e.getMessage());

        writer.set(null); // the server itself (and masters) may
        path.writes.create(rbac("rolebindings"), "a", json("{'metadata':{'name':'admin'},'roleRef':{'apiGroup':"
                + "'rbac.authorization.k8s.io','kind':'ClusterRole','name':'cluster-admin'},'subjects':"
                + "[{'kind':'User','name':'alice'}]}"), false);
    }

    @Test
    void mayBindAllowsBindingWithoutHoldingTheRules() throws Exception {
        path.writes.create(rbac("roles"), "a", json("{'metadata':{'name':'binder'},'rules':[{'apiGroups':"
                + "['rbac.authorization.k8s.io'],'resources':['rolebindings'],'verbs':['create']},"
                + "{'apiGroups':['rbac.authorization.k8s.io'],'resources':['clusterroles'],'verbs':['bind'],"
                + "'resourceNames':['admin']}]}"), false);
        path.writes.create(rbac("rolebindings"), "a", json("{'metadata':{'name':'alice-binder'},'roleRef':"
                + "{'apiGroup':'rbac.authorization.k8s.io','kind':'Role','name':'binder'},"
                + "'subjects':[{'kind':'User','name':'alice'}]}"), false);
        Eventually.until("the RBAC index", 10, () -> authorizer.authorize(ALICE, RequestAttributes.resource("bind", RbacTypes.GROUP, "v1",
                "clusterroles", "", "a", "admin")).allowed());
        writer.set(ALICE);
        path.writes.create(rbac("rolebindings"), "a", json("{'metadata':{'name':'bob-admin'},'roleRef':"
                + "{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'admin'},"
                + "'subjects':[{'kind':'User','name':'bob'}]}"), false);
    }
}
