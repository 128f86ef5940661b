package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.validation.CsrValidation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * CertificateSigningRequests ({@code certificates.k8s.io/v1}, cluster-scoped, short name {@code csr}) with their
 * {@code status} (the signer's certificate) and {@code approval} (Approved/Denied conditions,
 * {@code kubectl certificate approve|deny}) subresources, as Kubernetes keeps them: who asked
 * ({@code spec.username}, {@code uid}, {@code groups}, {@code extra}) is set by the server from the requester, a
 * new request has no status, an update of the main resource changes neither spec nor status, a status write keeps
 * the approval conditions. kubectl's columns: SIGNERNAME, REQUESTOR, REQUESTEDDURATION, CONDITION.
 */
final class CertificateSigningRequests implements ResourceStrategy {

    static final String GROUP = "certificates.k8s.io";
    private static final List<String> APPROVAL = List.of("Approved", "Denied");

    private final ValidatedStrategy validation = ValidatedStrategy.of(CsrValidation::validate, CsrValidation::validateUpdate);
    private final Supplier<Optional<UserInfo>> requester;

    private CertificateSigningRequests(Supplier<Optional<UserInfo>> requester) {
        this.requester = requester;
    }

    /** The resource; {@code requester} is the user of the request being served (empty for the server's own writes). */
    static ResourceType type(Supplier<Optional<UserInfo>> requester) {
        TableColumns columns = TableColumns.named().age()
                .column("SignerName", "The signer asked for.", o -> o.path("spec").path("signerName").asText(""))
                .column("Requestor", "Who asked.", o -> o.path("spec").path("username").asText(""))
                .column("RequestedDuration", "The validity asked for.", CertificateSigningRequests::requestedDuration)
                .column("Condition", "Approval and issuance.", CertificateSigningRequests::condition)
                .build();
        return new ResourceType(GROUP, "v1", "certificatesigningrequests", "certificatesigningrequest",
                "CertificateSigningRequest", false, List.of("csr"), List.of(), Set.of("status", "approval"),
                new CertificateSigningRequests(requester), columns, ResourceType.VERBS);
    }

    @Override
    public void prepareForCreate(ObjectNode csr) {
        csr.remove("status"); // nobody creates a request approved or signed
        ObjectNode spec = Json.objectField(csr, "spec");
        requester.get().ifPresent(user -> {
            spec.put("username", user.name());
            if (user.uid().isEmpty()) {
                spec.remove("uid");
            } else {
                spec.put("uid", user.uid());
            }
            ArrayNode groups = spec.putArray("groups");
            user.groups().forEach(groups::add);
            if (user.extra().isEmpty()) {
                spec.remove("extra");
            } else {
                ObjectNode extra = spec.putObject("extra");
                user.extra().forEach((k, v) -> v.forEach(extra.withArray(k)::add));
            }
        });
    }

    @Override
    public void prepareForUpdate(ObjectNode csr, ObjectNode old) {
        csr.set("spec", old.path("spec").deepCopy()); // the request is what was signed: it never changes
    }

    /** A status write (the signer's) keeps the approval conditions: only the approval subresource sets them. */
    static void keepApproval(ObjectNode csr, ObjectNode old) {
        csr.set("spec", old.path("spec").deepCopy());
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode c : csr.path("status").path("conditions")) {
            if (!APPROVAL.contains(c.path("type").asText())) {
                kept.add(c);
            }
        }
        for (JsonNode c : old.path("status").path("conditions")) {
            if (APPROVAL.contains(c.path("type").asText())) {
                kept.add(c);
            }
        }
        setConditions(csr, kept);
    }

    /** The approval subresource: the stored request with the conditions of {@code wanted}, nothing else. */
    static ObjectNode approval(ObjectNode wanted, ObjectNode old) {
        ObjectNode updated = old.deepCopy();
        List<JsonNode> conditions = new ArrayList<>();
        wanted.path("status").path("conditions").forEach(conditions::add);
        setConditions(updated, conditions);
        return updated;
    }

    private static void setConditions(ObjectNode csr, List<JsonNode> conditions) {
        ObjectNode status = Json.objectField(csr, "status");
        if (conditions.isEmpty()) {
            status.remove("conditions");
        } else {
            ArrayNode array = status.putArray("conditions");
            conditions.forEach(c -> array.add(c.deepCopy()));
        }
    }

    @Override
    public void validate(ObjectNode csr, List<ApiException.Cause> causes) {
        validation.validate(csr, causes);
    }

    @Override
    public void validateUpdate(ObjectNode csr, ObjectNode old, List<ApiException.Cause> causes) {
        validation.validateUpdate(csr, old, causes);
    }

    @Override
    public void validateStatusUpdate(ObjectNode csr, ObjectNode old, List<ApiException.Cause> causes) {
        validation.validateUpdate(csr, old, causes);
    }

    /** kubectl's CONDITION: Pending, or the condition types joined, with Issued once there is a certificate. */
    static String condition(ObjectNode csr) {
        List<String> types = new ArrayList<>();
        csr.path("status").path("conditions").forEach(c -> types.add(c.path("type").asText()));
        if (!csr.path("status").path("certificate").asText("").isEmpty()) {
            types.add("Issued");
        }
        return types.isEmpty() ? "Pending" : String.join(",", types);
    }

    private static String requestedDuration(ObjectNode csr) {
        JsonNode seconds = csr.path("spec").path("expirationSeconds");
        return seconds.isNumber() ? Ages.format(Duration.ofSeconds(seconds.asLong())) : "<none>";
    }
}
