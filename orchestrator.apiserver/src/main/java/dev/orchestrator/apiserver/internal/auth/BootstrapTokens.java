package dev.orchestrator.apiserver.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bootstrap tokens as Kubernetes keeps them: Secrets of type {@value #SECRET_TYPE} in {@code kube-system} named
 * {@code bootstrap-token-<id>}, whose {@code token-id} and {@code token-secret} make the bearer token
 * {@code <id>.<secret>}. A token authenticates as {@code system:bootstrap:<id>} in {@code system:bootstrappers}
 * (and the Secret's {@code auth-extra-groups}) while its Secret allows authentication
 * ({@code usage-bootstrap-authentication: "true"}) and has not expired ({@code expiration}, RFC 3339).
 *
 * <p>The Secrets are kept here by a feed of the API server's watch cache, so a request never reads the store.
 * Thread-safe: the feed writes while requests read.
 */
public final class BootstrapTokens {

    public static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";
    public static final String NAMESPACE = "kube-system";
    public static final String NAME_PREFIX = "bootstrap-token-";
    public static final String GROUP = "system:bootstrappers";
    static final Pattern TOKEN = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");

    private final Map<String, JsonNode> secretsByName = new ConcurrentHashMap<>();

    /** Keeps a Secret of {@code kube-system} (those of other types are ignored when a token is checked). */
    public void put(String name, JsonNode secret) {
        secretsByName.put(name, secret);
    }

    public void remove(String name) {
        secretsByName.remove(name);
    }

    /** Replaces every kept Secret (a fresh list). */
    public void replaceAll(Map<String, JsonNode> secrets) {
        secretsByName.keySet().retainAll(secrets.keySet());
        secretsByName.putAll(secrets);
    }

    /** Whether a bearer token has the form of a bootstrap token; other tokens go to the other authenticators. */
    static boolean looksLikeBootstrapToken(String token) {
        return TOKEN.matcher(token).matches();
    }

    /**
     * The user of a bootstrap token at {@code now}.
     *
     * @throws Unauthenticated when no Secret holds the token, the secret differs, it is expired, being deleted,
     *                         or not meant for authentication
     */
    public UserInfo authenticate(String token, Instant now) {
        Matcher m = TOKEN.matcher(token);
        if (!m.matches()) {
            throw new Unauthenticated("a bearer token that is not a bootstrap token");
        }
        String id = m.group(1);
        JsonNode secret = secretsByName.get(NAME_PREFIX + id);
        if (secret == null || !SECRET_TYPE.equals(secret.path("type").asText())) {
            throw new Unauthenticated("no bootstrap token with id " + id);
        }
        if (secret.path("metadata").hasNonNull("deletionTimestamp")) {
            throw new Unauthenticated("the bootstrap token " + id + " is being deleted");
        }
        JsonNode data = secret.path("data");
        if (!id.equals(value(data, "token-id"))
                || !MessageDigest.isEqual(m.group(2).getBytes(StandardCharsets.UTF_8),
                        String.valueOf(value(data, "token-secret")).getBytes(StandardCharsets.UTF_8))) {
            throw new Unauthenticated("the bootstrap token " + id + " has another secret");
        }
        if (!"true".equals(value(data, "usage-bootstrap-authentication"))) {
            throw new Unauthenticated("the bootstrap token " + id + " is not for authentication");
        }
        String expiration = value(data, "expiration");
        if (expiration != null && expired(expiration, now)) {
            throw new Unauthenticated("the bootstrap token " + id + " expired at " + expiration);
        }
        List<String> groups = new ArrayList<>();
        groups.add(GROUP);
        String extra = value(data, "auth-extra-groups");
        if (extra != null) {
            for (String group : extra.split(",")) {
                String g = group.strip();
                // Kubernetes allows only groups under system:bootstrappers: a token may not claim system:masters
                if (g.startsWith(GROUP + ":") && !groups.contains(g)) {
                    groups.add(g);
                }
            }
        }
        groups.add(UserInfo.AUTHENTICATED);
        return new UserInfo("system:bootstrap:" + id, "", groups, Map.of());
    }

    private static boolean expired(String expiration, Instant now) {
        try {
            return !now.isBefore(java.time.OffsetDateTime.parse(expiration).toInstant());
        } catch (DateTimeParseException e) {
            return true; // an expiration that cannot be read is no promise of validity
        }
    }

    private static String value(JsonNode data, String key) {
        JsonNode v = data.get(key);
        if (v == null || !v.isTextual()) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(v.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
