package dev.orchestrator.apiserver.internal.auth;

/** Who a bearer token proves, as the server authenticates it ({@code TokenReview} asks the same). */
public interface TokenAuthenticator {

    /** The API server's own audience: what tokens are for when nobody says otherwise. */
    String API_AUDIENCE = ServiceAccountTokens.ISSUER;

    /**
     * The user of {@code token}, which must be valid for {@code audience} where the token names audiences (a
     * ServiceAccount token); static and bootstrap tokens hold for every audience.
     *
     * @throws Unauthenticated when the token proves no one
     */
    UserInfo authenticate(String token, String audience);
}
