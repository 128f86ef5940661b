package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.schema.StructuralSchema;

/**
 * The strategy of one served version of a custom resource: its structural schema (applied by
 * {@link CustomResourceSchemas}, the one place bodies meet it), its scale paths, and whether its CRD is being
 * deleted (then no new objects).
 */
final class CustomResourceStrategy implements ResourceStrategy {

    private final String crdName;
    private final StructuralSchema schema;
    private final com.fasterxml.jackson.databind.JsonNode openApiSchema;
    private final ScalePaths scale;
    private final boolean terminating;

    CustomResourceStrategy(String crdName, com.fasterxml.jackson.databind.JsonNode openApiSchema, ScalePaths scale,
                           boolean terminating) {
        this.crdName = crdName;
        this.openApiSchema = openApiSchema;
        this.schema = StructuralSchema.of(openApiSchema);
        this.scale = scale;
        this.terminating = terminating;
    }

    StructuralSchema schema() {
        return schema;
    }

    /** The version's {@code openAPIV3Schema} as written (list and map types are read from it). */
    com.fasterxml.jackson.databind.JsonNode openApiSchema() {
        return openApiSchema;
    }

    /** The scale subresource's paths, or null when the version declares none. */
    ScalePaths scale() {
        return scale;
    }

    @Override
    public void prepareForCreate(ObjectNode object) {
        if (terminating) {
            throw ApiException.methodNotAllowed("create not allowed while custom resource definition " + crdName
                    + " is terminating");
        }
        ObjectMeta.metadata(object).put("generation", 1); // spec or not: a custom resource's content is its own
    }

    /**
     * As Kubernetes counts a custom resource's generation: any change outside metadata (and outside status,
     * when status is a subresource) is a new generation, whether or not the resource keeps it under spec.
     */
    void setGeneration(ObjectNode updated, ObjectNode old, boolean statusSubresource) {
        long generation = old.path("metadata").path("generation").asLong(1);
        ObjectNode now = updated.deepCopy();
        ObjectNode before = old.deepCopy();
        for (ObjectNode o : new ObjectNode[] {now, before}) {
            o.remove("metadata");
            if (statusSubresource) {
                o.remove("status");
            }
        }
        ObjectMeta.metadata(updated).put("generation", now.equals(before) ? generation : generation + 1);
    }
}
