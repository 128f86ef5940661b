package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.authz.Authorizer;
import dev.orchestrator.apiserver.internal.authz.Decision;
import dev.orchestrator.apiserver.internal.authz.PolicyRule;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import dev.orchestrator.apiserver.internal.authz.RuleResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code authorization.k8s.io/v1} reviews, answered and never stored (create only): SelfSubjectAccessReview
 * (may I?), SubjectAccessReview and LocalSubjectAccessReview (may they?), SelfSubjectRulesReview (what may I do in
 * a namespace?). {@code kubectl auth can-i} asks these. The answer is the request body with its status filled in.
 */
final class AccessReviews {

    static final String GROUP = "authorization.k8s.io";

    private final Authorizer authorizer;
    private final RuleResolver rules;

    AccessReviews(Authorizer authorizer, RuleResolver rules) {
        this.authorizer = authorizer;
        this.rules = rules;
    }

    /** The review resources, as discovery lists them (verb create only). */
    static final List<ResourceType> TYPES = types();

    static boolean isReview(ResourceType type) {
        return TYPES.contains(type);
    }

    private static List<ResourceType> types() {
        TableColumns none = TableColumns.named().build();
        List<String> create = ReviewTypes.VERBS;
        return List.of(
                new ResourceType(GROUP, "v1", "localsubjectaccessreviews", "localsubjectaccessreview",
                        "LocalSubjectAccessReview", true, List.of(), List.of(), Set.of(), ResourceStrategy.PLAIN, none, create),
                new ResourceType(GROUP, "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview",
                        "SelfSubjectAccessReview", false, List.of(), List.of(), Set.of(), ResourceStrategy.PLAIN, none, create),
                new ResourceType(GROUP, "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview",
                        "SelfSubjectRulesReview", false, List.of(), List.of(), Set.of(), ResourceStrategy.PLAIN, none, create),
                new ResourceType(GROUP, "v1", "subjectaccessreviews", "subjectaccessreview",
                        "SubjectAccessReview", false, List.of(), List.of(), Set.of(), ResourceStrategy.PLAIN, none, create));
    }

    /** Answers a review posted by {@code user} ({@code namespace}: of a LocalSubjectAccessReview's URL). */
    ObjectNode create(ResourceType type, String namespace, ObjectNode review, UserInfo user) {
        ObjectMeta.checkTypeMeta(review, type.apiVersion(), type.kind());
        review.put("apiVersion", type.apiVersion());
        review.put("kind", type.kind());
        JsonNode spec = review.path("spec");
        if (type.kind().equals("SelfSubjectRulesReview")) {
            review.set("status", rulesStatus(user, spec.path("namespace").asText("")));
            return review;
        }
        List<ApiException.Cause> causes = new ArrayList<>();
        UserInfo subject = type.kind().equals("SelfSubjectAccessReview") ? user : subjectOf(spec, causes);
        RequestAttributes attributes = attributes(type, namespace, spec, causes);
        if (!causes.isEmpty()) {
            throw ApiException.invalid(type, ObjectMeta.name(review) == null ? "" : ObjectMeta.name(review), causes);
        }
        Decision decision = authorizer.authorize(subject, attributes);
        ObjectNode status = review.putObject("status");
        status.put("allowed", decision.allowed());
        if (!decision.reason().isEmpty()) {
            status.put("reason", decision.reason());
        }
        return review;
    }

    private static UserInfo subjectOf(JsonNode spec, List<ApiException.Cause> causes) {
        String user = spec.path("user").asText("");
        List<String> groups = new ArrayList<>();
        spec.path("groups").forEach(g -> groups.add(g.asText()));
        if (user.isEmpty() && groups.isEmpty()) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "spec.user",
                    "Invalid value: \"\": at least one of user or group must be specified"));
        }
        Map<String, List<String>> extra = new java.util.LinkedHashMap<>();
        spec.path("extra").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            extra.put(e.getKey(), values);
        });
        return new UserInfo(user, spec.path("uid").asText(""), groups, extra);
    }

    private static RequestAttributes attributes(ResourceType type, String namespace, JsonNode spec,
                                                List<ApiException.Cause> causes) {
        JsonNode resource = spec.path("resourceAttributes");
        JsonNode nonResource = spec.path("nonResourceAttributes");
        boolean local = type.kind().equals("LocalSubjectAccessReview");
        if (resource.isObject() == nonResource.isObject()) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "spec.resourceAttributes",
                    "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified"));
            return RequestAttributes.nonResource("", "");
        }
        if (nonResource.isObject()) {
            if (local) {
                causes.add(new ApiException.Cause("FieldValueInvalid", "spec.nonResourceAttributes",
                        "Invalid value: \"object\": disallowed on this kind of request"));
            }
            return RequestAttributes.nonResource(nonResource.path("verb").asText(""), nonResource.path("path").asText(""));
        }
        String ns = resource.path("namespace").asText("");
        if (local && !ns.equals(namespace)) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "spec.resourceAttributes.namespace",
                    "Invalid value: \"" + ns + "\": must match metadata.namespace"));
        }
        return RequestAttributes.resource(resource.path("verb").asText(""), resource.path("group").asText(""),
                resource.path("version").asText(""), resource.path("resource").asText(""),
                resource.path("subresource").asText(""), ns, resource.path("name").asText(""));
    }

    private ObjectNode rulesStatus(UserInfo user, String namespace) {
        ObjectNode status = Json.object();
        ArrayNode resourceRules = status.putArray("resourceRules");
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        for (PolicyRule r : rules.rulesFor(user, namespace)) {
            ObjectNode json = r.toJson();
            if (!r.nonResourceURLs().isEmpty()) {
                json.remove(List.of("apiGroups", "resources", "resourceNames"));
                nonResourceRules.add(json);
            } else {
                resourceRules.add(json);
            }
        }
        status.put("incomplete", false);
        return status;
    }
}
