package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.ServiceAccountTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code token} subresource of ServiceAccounts ({@code kubectl create token}, the kubelet's projected tokens): a
 * {@code TokenRequest} answered with a signed token for the ServiceAccount, for the audiences asked (the API server's
 * by default), for {@code expirationSeconds} (one hour by default, at least ten minutes), bound to a Pod or Secret
 * when asked, so it dies with it. Nothing is stored.
 */
final class TokenRequests {

    static final ResourceType TOKEN_REQUEST = new ResourceType("authentication.k8s.io", "v1", "tokenrequests",
            "tokenrequest", "TokenRequest", true, List.of(), List.of(), Set.of(), ResourceStrategy.PLAIN,
            TableColumns.named().build(), List.of("create"));
    private static final long DEFAULT_SECONDS = 3600;
    private static final long MIN_SECONDS = 600;
    private static final long MAX_SECONDS = 1L << 32;
    private static final Map<String, String> BINDABLE = Map.of("Pod", "pods", "Secret", "secrets");

    private final ObjectStorage storage;
    private final ResourceRegistry registry;
    private final ServiceAccountTokens tokens;

    TokenRequests(ObjectStorage storage, ResourceRegistry registry, ServiceAccountTokens tokens) {
        this.storage = storage;
        this.registry = registry;
        this.tokens = tokens;
    }

    /** The TokenRequest answered (201), or 404 when the ServiceAccount or the bound object is missing. */
    ObjectNode create(String namespace, String serviceAccount, ObjectNode request) {
        String kind = request.path("kind").asText("TokenRequest");
        if (!kind.equals("TokenRequest")) {
            throw ApiException.badRequest("the body of a token request must be a TokenRequest, not " + kind);
        }
        JsonNode spec = request.path("spec");
        long seconds = spec.path("expirationSeconds").asLong(DEFAULT_SECONDS);
        List<ApiException.Cause> causes = new ArrayList<>();
        if (seconds < MIN_SECONDS) {
            causes.add(invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes"));
        } else if (seconds > MAX_SECONDS) {
            causes.add(invalid("spec.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds"));
        }
        JsonNode bound = spec.path("boundObjectRef");
        String boundKind = bound.path("kind").asText("");
        if (bound.isObject() && !BINDABLE.containsKey(boundKind)) {
            causes.add(new ApiException.Cause("FieldValueNotSupported", "spec.boundObjectRef.kind",
                    "Unsupported value: \"" + boundKind + "\": supported values: \"Pod\", \"Secret\""));
        }
        if (bound.isObject() && bound.path("name").asText("").isEmpty()) {
            causes.add(new ApiException.Cause("FieldValueRequired", "spec.boundObjectRef.name", "Required value"));
        }
        if (!causes.isEmpty()) {
            throw ApiException.invalid(TOKEN_REQUEST, serviceAccount, causes);
        }
        ResourceType accounts = registry.find("", "v1", "serviceaccounts").orElseThrow();
        ObjectNode account = storage.getOrNotFound(accounts, namespace, serviceAccount);
        String accountUid = account.path("metadata").path("uid").asText();
        ServiceAccountTokens.Binding binding;
        if (bound.isObject()) {
            ResourceType boundType = registry.find("", "v1", BINDABLE.get(boundKind)).orElseThrow();
            String boundName = bound.path("name").asText();
            ObjectNode object = storage.getOrNotFound(boundType, namespace, boundName);
            String uid = object.path("metadata").path("uid").asText();
            String wanted = bound.path("uid").asText("");
            if (!wanted.isEmpty() && !wanted.equals(uid)) {
                throw ApiException.conflict(boundType, boundName, "the UID in the bound object reference (" + wanted
                        + ") does not match the UID in record. The object might have been deleted and then recreated");
            }
            binding = new ServiceAccountTokens.Binding(namespace, serviceAccount, accountUid, boundKind, boundName, uid);
        } else {
            binding = new ServiceAccountTokens.Binding(namespace, serviceAccount, accountUid, null, null, null);
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asText()));
        if (audiences.isEmpty()) {
            audiences.add(ServiceAccountTokens.ISSUER);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ServiceAccountTokens.Issued issued = tokens.issue(binding, audiences, Duration.ofSeconds(seconds), now);
        return answer(namespace, serviceAccount, request, audiences, seconds, issued, now);
    }

    private static ObjectNode answer(String namespace, String serviceAccount, ObjectNode request, List<String> audiences,
                                     long seconds, ServiceAccountTokens.Issued issued, Instant now) {
        ObjectNode answer = Json.object();
        answer.put("kind", "TokenRequest");
        answer.put("apiVersion", "authentication.k8s.io/v1");
        ObjectNode meta = answer.putObject("metadata");
        meta.put("name", serviceAccount);
        meta.put("namespace", namespace);
        meta.put("creationTimestamp", now.toString());
        ObjectNode spec = request.path("spec").isObject() ? request.path("spec").deepCopy() : Json.object();
        ArrayNode audienceList = spec.putArray("audiences");
        audiences.forEach(audienceList::add);
        spec.put("expirationSeconds", seconds);
        answer.set("spec", spec);
        ObjectNode status = answer.putObject("status");
        status.put("token", issued.token());
        status.put("expirationTimestamp", issued.expires().toString());
        return answer;
    }

    private static ApiException.Cause invalid(String field, long value, String why) {
        return new ApiException.Cause("FieldValueInvalid", field, "Invalid value: " + value + ": " + why);
    }
}
