package dev.orchestrator.apiserver.internal.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAuthorizerTest {

    private static final UserInfo KUBELET = new UserInfo("system:node:n1", "", List.of("system:nodes",
            UserInfo.AUTHENTICATED), Map.of());
    private final NodeAuthorizer authorizer = new NodeAuthorizer(
            (node, namespace, resource, name) -> node.equals("n1") && namespace.equals("ns") && name.startsWith("used"),
            (user, request) -> request.resource().equals("pods") ? Decision.allow("rbac") : Decision.deny(""));

    private static RequestAttributes get(String resource, String name) {
        return RequestAttributes.resource("get", "", "v1", resource, "", "ns", name);
    }

    @Test
    void aKubeletGetsWhatItsPodsUseAndNothingElse() {
        assertTrue(authorizer.authorize(KUBELET, get("secrets", "used-1")).allowed());
        assertTrue(authorizer.authorize(KUBELET, get("configmaps", "used-2")).allowed());
        assertTrue(authorizer.authorize(KUBELET, RequestAttributes.resource("create", "", "v1", "serviceaccounts",
                "token", "ns", "used-sa")).allowed());
        Decision denied = authorizer.authorize(KUBELET, get("secrets", "other"));
        assertFalse(denied.allowed());
        assertEquals("no relationship found between node 'n1' and this object", denied.reason());
        assertFalse(authorizer.authorize(KUBELET, RequestAttributes.resource("list", "", "v1", "secrets", "", "ns", "")).allowed());
        assertTrue(authorizer.authorize(KUBELET, get("pods", "p")).allowed(), "the rest is RBAC's");
    }

    @Test
    void onlyNodeIdentitiesAreJudgedByTheirPods() {
        UserInfo notInGroup = new UserInfo("system:node:n1", "", List.of(UserInfo.AUTHENTICATED), Map.of());
        assertFalse(authorizer.authorize(notInGroup, get("secrets", "used-1")).allowed());
        UserInfo otherNode = new UserInfo("system:node:n2", "", List.of("system:nodes"), Map.of());
        assertFalse(authorizer.authorize(otherNode, get("secrets", "used-1")).allowed());
        assertEquals("", authorizer.authorize(new UserInfo("alice", "", List.of(), Map.of()), get("secrets", "x")).reason());
    }
}
