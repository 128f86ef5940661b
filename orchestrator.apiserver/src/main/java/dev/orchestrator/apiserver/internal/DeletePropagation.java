package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a DELETE asks for the object's dependents ({@code DeleteOptions.propagationPolicy}, or the
 * older {@code orphanDependents}), expressed as the garbage collector's finalizers on the object:
 * {@code Orphan} puts {@value #ORPHAN} (the collector removes the object's owner references from its
 * dependents, then the finalizer), {@code Foreground} puts {@value #FOREGROUND} (the collector
 * deletes the dependents first), {@code Background} puts neither (the object goes now and the
 * collector deletes the dependents it left). A policy replaces the other's finalizer, as in
 * Kubernetes; no policy at all leaves the object's finalizers as they are.
 */
final class DeletePropagation {

    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";
    private static final List<String> POLICIES = List.of("Foreground", "Background", "Orphan");

    private final Optional<String> policy;

    private DeletePropagation(Optional<String> policy) {
        this.policy = policy;
    }

    /**
     * The policy of a DELETE's options (the body merged with the query parameters).
     *
     * @throws ApiException 422 for an unknown policy, or for both fields given
     */
    static DeletePropagation of(JsonNode options) {
        String policy = Json.text(options, "propagationPolicy");
        JsonNode orphan = options.path("orphanDependents");
        List<ApiException.Cause> causes = new ArrayList<>();
        if (policy != null && !POLICIES.contains(policy)) {
            causes.add(new ApiException.Cause("FieldValueNotSupported", "propagationPolicy", "Unsupported value: \""
                    + policy + "\": supported values: \"Foreground\", \"Background\", \"Orphan\""));
        }
        if (policy != null && !orphan.isMissingNode() && !orphan.isNull()) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "propagationPolicy",
                    "Invalid value: \"" + policy + "\": orphanDependents and propagationPolicy cannot be both set"));
        }
        if (!orphan.isMissingNode() && !orphan.isNull() && !orphan.isBoolean()) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "orphanDependents",
                    "Invalid value: " + orphan + ": must be true or false"));
        }
        if (!causes.isEmpty()) {
            throw ApiException.invalidOptions("DeleteOptions", causes);
        }
        if (policy == null && orphan.isBoolean()) {
            policy = orphan.asBoolean() ? "Orphan" : "Background";
        }
        return new DeletePropagation(Optional.ofNullable(policy));
    }

    /** The object's finalizers once this policy applied (a new list; the same content when nothing changes). */
    List<String> finalizers(List<String> current) {
        List<String> result = new ArrayList<>(current);
        if (policy.isEmpty()) {
            return result;
        }
        String wanted = switch (policy.get()) {
            case "Orphan" -> ORPHAN;
            case "Foreground" -> FOREGROUND;
            default -> null;
        };
        result.removeIf(f -> (f.equals(ORPHAN) || f.equals(FOREGROUND)) && !f.equals(wanted));
        if (wanted != null && !result.contains(wanted)) {
            result.add(wanted);
        }
        return result;
    }
}
