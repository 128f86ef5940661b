package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resources that are only created and answered, never stored: a review asks the server a question about the
 * requester and gets its answer back in {@code status}. {@code SelfSubjectReview} ({@code kubectl auth whoami})
 * answers who the server takes the requester for.
 */
final class ReviewTypes {

    static final List<String> VERBS = List.of("create");

    static final ResourceType SELF_SUBJECT_REVIEW = review("authentication.k8s.io", "v1", "selfsubjectreviews",
            "SelfSubjectReview");
    static final ResourceType SELF_SUBJECT_REVIEW_BETA = review("authentication.k8s.io", "v1beta1", "selfsubjectreviews",
            "SelfSubjectReview");
    static final ResourceType TOKEN_REVIEW = review("authentication.k8s.io", "v1", "tokenreviews", "TokenReview");

    private ReviewTypes() {
    }

    static List<ResourceType> all() {
        return List.of(SELF_SUBJECT_REVIEW, SELF_SUBJECT_REVIEW_BETA, TOKEN_REVIEW);
    }

    static boolean isReview(ResourceType type) {
        return all().contains(type);
    }

    private static ResourceType review(String group, String version, String plural, String kind) {
        return new ResourceType(group, version, plural, kind.toLowerCase(), kind, false, List.of(), List.of(), Set.of(),
                ResourceStrategy.PLAIN, TableColumns.named().build(), VERBS);
    }

    /** The answer to a review of {@code type} that {@code user} sent as {@code body}. */
    static ObjectNode answer(ResourceType type, ObjectNode body, UserInfo user) {
        if (!type.kind().equals(body.path("kind").asText(type.kind()))) {
            throw ApiException.badRequest("the body is a " + body.path("kind").asText() + ", not a " + type.kind());
        }
        ObjectNode review = Json.object();
        review.put("kind", type.kind());
        review.put("apiVersion", type.apiVersion());
        ObjectNode metadata = body.path("metadata").isObject() ? body.path("metadata").deepCopy() : Json.object();
        metadata.remove("creationTimestamp"); // a protobuf body's zero time; a review is never stored
        review.set("metadata", metadata);
        review.putObject("status").set("userInfo", userInfo(user));
        return review;
    }

    /** A user as reviews answer it ({@code authentication.k8s.io/v1} UserInfo). */
    static ObjectNode userInfo(UserInfo user) {
        ObjectNode userInfo = Json.object();
        userInfo.put("username", user.name());
        if (!user.uid().isEmpty()) {
            userInfo.put("uid", user.uid());
        }
        ArrayNode groups = userInfo.putArray("groups");
        user.groups().forEach(groups::add);
        if (!user.extra().isEmpty()) {
            ObjectNode extra = userInfo.putObject("extra");
            for (Map.Entry<String, List<String>> e : user.extra().entrySet()) {
                ArrayNode values = extra.putArray(e.getKey());
                e.getValue().forEach(values::add);
            }
        }
        return userInfo;
    }
}
