package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.TokenAuthenticator;
import dev.orchestrator.apiserver.internal.auth.Unauthenticated;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code authentication.k8s.io/v1} TokenReview: who a bearer token proves, asked by a server that delegates its
 * authentication here (a kubelet checking who calls it). Created and answered, never stored. The token must hold for
 * one of {@code spec.audiences} (the API server's own audience when none are named); the answer names the user and
 * the audiences it holds for, or {@code authenticated: false} with the reason in {@code status.error}.
 */
final class TokenReviews {

    private static final ResourceType TYPE = ReviewTypes.TOKEN_REVIEW;

    private volatile TokenAuthenticator tokens;

    /** The server's token authentication; until set (a server without authentication), every review fails. */
    void authenticateWith(TokenAuthenticator tokens) {
        this.tokens = tokens;
    }

    ObjectNode answer(ObjectNode review) {
        ObjectMeta.checkTypeMeta(review, TYPE.apiVersion(), TYPE.kind());
        review.put("apiVersion", TYPE.apiVersion());
        review.put("kind", TYPE.kind());
        JsonNode spec = review.path("spec");
        String token = spec.path("token").asText("");
        if (token.isEmpty()) {
            throw ApiException.invalid(TYPE, "", List.of(new ApiException.Cause("FieldValueRequired", "spec.token",
                    "Required value: a token to review")));
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asText()));
        ObjectNode status = review.putObject("status");
        TokenAuthenticator authenticator = tokens;
        if (authenticator == null) {
            status.put("authenticated", false);
            status.put("error", "this server authenticates no tokens (it runs without TLS and authentication)");
            return review;
        }
        String failure = "";
        for (String audience : audiences.isEmpty() ? List.of(TokenAuthenticator.API_AUDIENCE) : audiences) {
            try {
                UserInfo user = authenticator.authenticate(token, audience);
                status.put("authenticated", true);
                status.set("user", ReviewTypes.userInfo(user));
                status.putArray("audiences").add(audience);
                return review;
            } catch (Unauthenticated e) {
                failure = e.getMessage();
            }
        }
        status.put("authenticated", false);
        status.put("error", "invalid bearer token: " + failure);
        return review;
    }
}
