package dev.orchestrator.apiserver.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.FieldErrors;
import dev.orchestrator.apiserver.internal.validation.FieldPath;
import java.util.List;

/**
 * The {@code openAPIV3Schema} of one version of a CustomResourceDefinition, in the structural dialect
 * Kubernetes requires: what a custom resource may contain (validation), which fields it keeps (pruning)
 * and which it gets when absent (defaulting). A request body goes through {@link #prune}, then
 * {@link #applyDefaults}, then {@link #validate}, as in Kubernetes.
 *
 * <p>Written here rather than on a JSON-schema library: the Kubernetes dialect is OpenAPI 3.0 with its own
 * extensions ({@code x-kubernetes-int-or-string}, {@code -preserve-unknown-fields}, {@code -embedded-resource},
 * {@code -list-type}), its own error wording (what kubectl users and tools match on) and pruning and
 * defaulting, none of which a validator library does; the keywords themselves are few.
 * {@code x-kubernetes-validations} (CEL rules) are accepted and not enforced.
 */
public final class StructuralSchema {

    private final JsonNode root;

    private StructuralSchema(JsonNode root) {
        this.root = root;
    }

    /**
     * Adds an error for everything that keeps {@code openAPIV3Schema} from being a structural schema this
     * server can enforce; {@code path} is where the schema sits in the CRD
     * ({@code spec.versions[0].schema.openAPIV3Schema}).
     */
    public static void check(JsonNode openAPIV3Schema, FieldPath path, FieldErrors errors) {
        new SchemaCheck(errors).root(openAPIV3Schema, path);
    }

    /** A schema that passed {@link #check}. */
    public static StructuralSchema of(JsonNode openAPIV3Schema) {
        return new StructuralSchema(openAPIV3Schema);
    }

    /** Adds an error for every value of {@code object} the schema does not allow; paths from the object's root. */
    public void validate(JsonNode object, FieldErrors errors) {
        new SchemaValidation(errors).value(object, root, FieldPath.root(""), true);
    }

    /**
     * Removes the fields the schema does not declare (apiVersion, kind and the ObjectMeta fields of
     * {@code metadata} always stay) and returns their paths ({@code spec.foo}), for unknown-field warnings.
     */
    public List<String> prune(ObjectNode object) {
        return Pruning.prune(object, root);
    }

    /** Sets the schema's defaults on absent fields (and on nulls the schema does not allow), at every depth. */
    public void applyDefaults(ObjectNode object) {
        Defaulting.apply(object, root);
    }
}
