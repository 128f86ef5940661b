package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.TokenAuthenticator;
import dev.orchestrator.apiserver.internal.auth.Unauthenticated;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenReviewsTest {

    /** A token "good" for the audience "kubelet" only, as a ServiceAccount token bound to one audience. */
    private static final TokenAuthenticator AUTHENTICATOR = (token, audience) -> {
        if (token.equals("good") && audience.equals("kubelet")) {
            return new UserInfo("system:serviceaccount:a:robot", "uid-1",
                    List.of("system:serviceaccounts", UserInfo.AUTHENTICATED), Map.of("k", List.of("v")));
        }
        throw new Unauthenticated("token " + token + " is not valid for " + audience);
    };

    @Test
    void answersTheUserAndTheAudienceTheTokenHoldsFor() {
        TokenReviews reviews = new TokenReviews();
        reviews.authenticateWith(AUTHENTICATOR);

        ObjectNode answer = reviews.answer(review("good", "api", "kubelet"));

        ObjectNode status = (ObjectNode) answer.path("status");
        assertTrue(status.path("authenticated").asBoolean());
        assertEquals("system:serviceaccount:a:robot", status.path("user").path("username").asText());
        assertEquals("uid-1", status.path("user").path("uid").asText());
        assertEquals("system:serviceaccounts", status.path("user").path("groups").get(0).asText());
        assertEquals("v", status.path("user").path("extra").path("k").get(0).asText());
        assertEquals(List.of("kubelet"), List.of(status.path("audiences").get(0).asText()));
        assertEquals("TokenReview", answer.path("kind").asText());
    }

    @Test
    void aTokenForOtherAudiencesOrUnknownIsNotAuthenticated() {
        TokenReviews reviews = new TokenReviews();
        reviews.authenticateWith(AUTHENTICATOR);

        ObjectNode wrongAudience = reviews.answer(review("good"));
        assertFalse(wrongAudience.path("status").path("authenticated").asBoolean());
        assertTrue(wrongAudience.path("status").path("error").asText().contains(TokenAuthenticator.API_AUDIENCE));

        ObjectNode unknown = reviews.answer(review("bad", "kubelet"));
        assertFalse(unknown.path("status").path("authenticated").asBoolean());
        assertTrue(unknown.path("status").path("user").isMissingNode());
    }

    @Test
    void withoutAuthenticationOrWithoutATokenNothingIsAuthenticated() {
        TokenReviews unsecured = new TokenReviews();
        assertFalse(unsecured.answer(review("good", "kubelet")).path("status").path("authenticated").asBoolean());

        ApiException missing = assertThrows(ApiException.class, () -> unsecured.answer(review("")));
        assertEquals(422, missing.code);
    }

    private static ObjectNode review(String token, String... audiences) {
        ObjectNode review = Json.object();
        review.put("apiVersion", "authentication.k8s.io/v1");
        review.put("kind", "TokenReview");
        ObjectNode spec = review.putObject("spec");
        spec.put("token", token);
        for (String audience : audiences) {
            spec.withArray("audiences").add(audience);
        }
        return review;
    }
}
