package dev.orchestrator.apiserver.internal.auth;

import java.util.List;
import java.util.Map;

/**
 * Who made a request, as an authenticator found it: the user name, a uid where the credential has
 * one, the groups (always including {@code system:authenticated} for an authenticated user) and
 * extra attributes (a ServiceAccount token's pod, for example), as Kubernetes' {@code user.Info}.
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

    public static final String AUTHENTICATED = "system:authenticated";
    public static final String UNAUTHENTICATED = "system:unauthenticated";
    public static final String MASTERS = "system:masters";

    public UserInfo {
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
        uid = uid == null ? "" : uid;
    }

    /** The identity of a server without authentication (development): allowed everything. */
    public static UserInfo unsecured() {
        return new UserInfo("system:anonymous-dev", "", List.of(MASTERS, AUTHENTICATED), Map.of());
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
