package dev.orchestrator.apiserver.internal.authz;

import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request to act as another user ({@code kubectl --as/--as-group}): the {@code Impersonate-User},
 * {@code Impersonate-Group}, {@code Impersonate-Uid} and {@code Impersonate-Extra-<key>} headers, the rights the
 * requester needs for it (verb {@code impersonate} on {@code users}, {@code groups}, {@code serviceaccounts},
 * {@code userextras/<key>} or {@code uids}, each named), and the user the request then runs as. As in
 * Kubernetes an impersonated user other than {@code system:anonymous} is in {@code system:authenticated}, and a
 * ServiceAccount user gets the ServiceAccount groups when no group is named.
 */
public record Impersonation(UserInfo user, List<RequestAttributes> requiredRights) {

    public static final String USER = "Impersonate-User";
    public static final String GROUP = "Impersonate-Group";
    public static final String UID = "Impersonate-Uid";
    public static final String EXTRA_PREFIX = "Impersonate-Extra-";
    private static final String ANONYMOUS = "system:anonymous";
    private static final String AUTHENTICATION_GROUP = "authentication.k8s.io";

    /** Reads the headers of a request ({@code names}: every header name; {@code values}: all values of one). */
    @FunctionalInterface
    public interface Headers {
        List<String> values(String name);
    }

    /**
     * The impersonation a request asks for, if any.
     *
     * @throws IllegalArgumentException when groups, a uid or extras are asked without a user (a bad request)
     */
    public static Optional<Impersonation> of(List<String> headerNames, Headers headers) {
        List<String> users = headers.values(USER);
        List<String> groups = headers.values(GROUP);
        List<String> uids = headers.values(UID);
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (String h : headerNames) {
            if (h.regionMatches(true, 0, EXTRA_PREFIX, 0, EXTRA_PREFIX.length())) {
                String key = URLDecoder.decode(h.substring(EXTRA_PREFIX.length()).toLowerCase(Locale.ROOT),
                        StandardCharsets.UTF_8);
                extra.computeIfAbsent(key, k -> new ArrayList<>()).addAll(headers.values(h));
            }
        }
        if (users.isEmpty() || users.get(0).isEmpty()) {
            if (!groups.isEmpty() || !uids.isEmpty() || !extra.isEmpty()) {
                throw new IllegalArgumentException("requested impersonation of groups, a uid or extra attributes "
                        + "without impersonating a user (" + USER + ")");
            }
            return Optional.empty();
        }
        return Optional.of(build(users.get(0), groups, uids.isEmpty() ? "" : uids.get(0), extra));
    }

    private static Impersonation build(String name, List<String> namedGroups, String uid,
                                       Map<String, List<String>> extra) {
        List<RequestAttributes> rights = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        if (name.startsWith(Binding.SERVICE_ACCOUNT_PREFIX) && name.split(":").length == 4) {
            String[] parts = name.split(":");
            rights.add(impersonate("", "serviceaccounts", "", parts[2], parts[3]));
            if (namedGroups.isEmpty()) {
                groups.add("system:serviceaccounts");
                groups.add("system:serviceaccounts:" + parts[2]);
            }
        } else {
            rights.add(impersonate("", "users", "", "", name));
        }
        for (String g : namedGroups) {
            rights.add(impersonate("", "groups", "", "", g));
            groups.add(g);
        }
        extra.forEach((key, values) -> values.forEach(v -> rights.add(impersonate(AUTHENTICATION_GROUP, "userextras",
                key, "", v))));
        if (!uid.isEmpty()) {
            rights.add(impersonate(AUTHENTICATION_GROUP, "uids", "", "", uid));
        }
        if (!name.equals(ANONYMOUS)) {
            if (!groups.contains(UserInfo.AUTHENTICATED) && !groups.contains(UserInfo.UNAUTHENTICATED)) {
                groups.add(UserInfo.AUTHENTICATED);
            }
        } else if (!groups.contains(UserInfo.UNAUTHENTICATED)) {
            groups.add(UserInfo.UNAUTHENTICATED);
        }
        return new Impersonation(new UserInfo(name, uid, groups, extra), rights);
    }

    private static RequestAttributes impersonate(String group, String resource, String subresource, String namespace,
                                                 String name) {
        return RequestAttributes.resource("impersonate", group, "v1", resource, subresource, namespace, name);
    }
}
