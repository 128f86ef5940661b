package dev.orchestrator.apiserver.internal.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The impersonation headers: who the request runs as, and the rights the requester needs for it. */
class ImpersonationTest {

    private static Impersonation of(Map<String, List<String>> headers) {
        return Impersonation.of(List.copyOf(headers.keySet()), name -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst().map(Map.Entry::getValue)
                .orElse(List.of())).orElseThrow();
    }

    @Test
    void aUserIsAuthenticatedAndNeedsImpersonateOnUsers() {
        Impersonation i = of(Map.of("Impersonate-User", List.of("alice")));
        assertEquals("alice", i.user().name());
        assertEquals(List.of("system:authenticated"), i.user().groups());
        assertEquals(List.of(RequestAttributes.resource("impersonate", "", "v1", "users", "", "", "alice")),
                i.requiredRights());
    }

    @Test
    void groupsUidAndExtrasEachNeedTheirRight() {
        Impersonation i = of(Map.of("Impersonate-User", List.of("alice"), "Impersonate-Group", List.of("dev", "ops"),
                "Impersonate-Uid", List.of("u-1"), "Impersonate-Extra-Scopes", List.of("view")));
        assertEquals(List.of("dev", "ops", "system:authenticated"), i.user().groups());
        assertEquals("u-1", i.user().uid());
        assertEquals(Map.of("scopes", List.of("view")), i.user().extra());
        assertEquals(List.of("users", "groups", "groups", "userextras", "uids"),
                i.requiredRights().stream().map(RequestAttributes::resource).toList());
        assertEquals("scopes", i.requiredRights().get(3).subresource());
        assertEquals("authentication.k8s.io", i.requiredRights().get(4).apiGroup());
    }

    @Test
    void aServiceAccountGetsItsGroupsAndNeedsImpersonateOnServiceAccounts() {
        Impersonation i = of(Map.of("Impersonate-User", List.of("system:serviceaccount:ns1:robot")));
        assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:ns1", "system:authenticated"),
                i.user().groups());
        RequestAttributes right = i.requiredRights().get(0);
        assertEquals("serviceaccounts", right.resource());
        assertEquals("ns1", right.namespace());
        assertEquals("robot", right.name());
    }

    @Test
    void groupsWithoutAUserAreABadRequest() {
        assertThrows(IllegalArgumentException.class, () -> Impersonation.of(List.of("Impersonate-Group"),
                name -> name.equals("Impersonate-Group") ? List.of("dev") : List.of()));
        assertTrue(Impersonation.of(List.of("Accept"), name -> List.of()).isEmpty());
    }
}
