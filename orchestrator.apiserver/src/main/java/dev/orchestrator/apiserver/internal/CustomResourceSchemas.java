package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a custom resource meets its version's structural schema, for create, update, patch and
 * status writes alike: unknown fields pruned (reported as fieldValidation asks), defaults set, then every
 * violation answered at once as a 422. Works on the object as the request's version shows it, before it
 * is converted to the storage version, since each version has its own schema.
 */
final class CustomResourceSchemas {

    private CustomResourceSchemas() {
    }

    static boolean isCustom(ResourceType type) {
        return type.strategy() instanceof CustomResourceStrategy;
    }

    /**
     * Prunes, defaults and validates {@code object} (a custom resource of {@code served}'s version). When
     * status is a subresource, a write of the main resource ({@code subresource} null) drops the body's status
     * first: the stored one is kept (or none on create), so it is neither checked nor reported.
     *
     * @return warnings for the pruned fields; throws 400 for them under Strict, 422 for invalid values
     */
    static List<String> admit(ResourceType served, ObjectNode object, FieldValidation.Mode mode, String subresource) {
        if (!(served.strategy() instanceof CustomResourceStrategy custom)) {
            return List.of();
        }
        if (served.hasStatus() && subresource == null) {
            object.remove("status");
        }
        List<String> unknown = custom.schema().prune(object);
        List<String> warnings = unknownFields(served, unknown, mode);
        custom.schema().applyDefaults(object);
        List<ApiException.Cause> causes = new ArrayList<>();
        custom.schema().validate(object, Causes.into(causes));
        if (!causes.isEmpty()) {
            throw ApiException.invalid(served, nameOf(object), causes);
        }
        return warnings;
    }

    /** The unknown fields of a patch body (a copy is pruned), reported as fieldValidation asks. */
    static List<String> checkPatchBody(ResourceType served, ObjectNode patch, FieldValidation.Mode mode) {
        if (!(served.strategy() instanceof CustomResourceStrategy custom) || mode == FieldValidation.Mode.IGNORE) {
            return List.of();
        }
        return unknownFields(served, custom.schema().prune(patch.deepCopy()), mode);
    }

    private static List<String> unknownFields(ResourceType served, List<String> unknown, FieldValidation.Mode mode) {
        if (unknown.isEmpty() || mode == FieldValidation.Mode.IGNORE) {
            return List.of();
        }
        List<String> messages = unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
        if (mode == FieldValidation.Mode.STRICT) {
            throw ApiException.badRequest(served.kind() + " in version \"" + served.version() + "\" cannot be handled as a "
                    + served.kind() + ": strict decoding error: " + String.join(", ", messages));
        }
        return messages;
    }

    private static String nameOf(JsonNode object) {
        String name = ObjectMeta.name(object);
        return name == null ? "" : name;
    }
}
