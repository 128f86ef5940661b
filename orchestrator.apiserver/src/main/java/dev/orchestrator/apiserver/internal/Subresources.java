package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.BindingValidation;

/** The scale subresource (autoscaling/v1 Scale) and pod binding. */
final class Subresources {

    private final ObjectStorage storage;
    private final FieldOwnership ownership = new FieldOwnership(SchemaListTypes.INSTANCE);

    Subresources(ObjectStorage storage) {
        this.storage = storage;
    }

    ObjectNode getScale(ResourceType type, String namespace, String name) {
        return scaleOf(storage.getOrNotFound(type, namespace, name), ScalePaths.of(type));
    }

    /** PUT or PATCH of a Scale: only spec.replicas changes, with the Scale's resourceVersion as precondition. */
    ObjectNode updateScale(ResourceType type, String namespace, String name, String contentType, byte[] body,
                           boolean patch) {
        return updateScale(type, namespace, name, contentType, body, patch, FieldManager.SERVER);
    }

    /** As above; {@code manager} takes spec.replicas (managedFields subresource {@code scale}). */
    ObjectNode updateScale(ResourceType type, String namespace, String name, String contentType, byte[] body,
                           boolean patch, FieldManager manager) {
        ObjectNode current = storage.getOrNotFound(type, namespace, name);
        ScalePaths paths = ScalePaths.of(type);
        ObjectNode scale = scaleOf(current, paths);
        ObjectNode wanted = patch ? Patches.apply(contentType, scale, body) : Json.parseObject(body, false);
        JsonNode replicas = wanted.path("spec").path("replicas");
        if (!replicas.isIntegralNumber() || !replicas.canConvertToInt() || replicas.asInt() < 0) {
            throw ApiException.invalid(type, name, java.util.List.of(new ApiException.Cause("FieldValueInvalid",
                    "spec.replicas", "Invalid value: " + replicas + ": must be greater than or equal to 0")));
        }
        long expected = ObjectMeta.resourceVersion(wanted);
        if (patch && expected == ObjectMeta.resourceVersion(current)) {
            expected = 0;
        }
        ObjectNode updated = current.deepCopy();
        paths.setSpecReplicas(updated, replicas.asInt());
        // a custom resource's schema bounds its replicas too (e.g. maximum), as for any other write of it
        CustomResourceSchemas.admit(type, updated, FieldValidation.Mode.IGNORE, "scale");
        if (!updated.path("spec").equals(current.path("spec"))) {
            ObjectNode meta = ObjectMeta.metadata(updated);
            meta.put("generation", meta.path("generation").asLong(1) + 1);
        }
        ownership.updated(type, current, updated, manager, "scale");
        long cas = expected == 0 ? ObjectMeta.resourceVersion(current) : expected;
        return scaleOf(storage.update(type, namespace, name, updated, cas), paths);
    }

    /** Binds an unscheduled pod to a node; a pod that is already bound is a conflict. */
    ObjectNode bind(ResourceType pods, String namespace, String name, ObjectNode binding) {
        String node = target(pods, name, binding);
        storage.guaranteedUpdate(pods, namespace, name, pod -> {
            String bound = pod.path("spec").path("nodeName").asText("");
            if (!bound.isEmpty()) {
                throw ApiException.conflict(pods, name, "pod " + name + " is already assigned to node \"" + bound + "\"");
            }
            if (pod.path("metadata").has("deletionTimestamp")) {
                throw ApiException.conflict(pods, name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            Json.objectField(pod, "spec").put("nodeName", node);
            ObjectNode status = Json.objectField(pod, "status");
            if (!status.path("conditions").isArray()) {
                status.putArray("conditions"); // whatever else is there cannot be kept in a typed status
            }
            com.fasterxml.jackson.databind.node.ArrayNode conditions = (com.fasterxml.jackson.databind.node.ArrayNode)
                    status.get("conditions");
            ObjectNode scheduled = null;
            for (JsonNode c : conditions) {
                if ("PodScheduled".equals(c.path("type").asText())) {
                    scheduled = (ObjectNode) c;
                }
            }
            if (scheduled == null) {
                scheduled = conditions.addObject();
            }
            scheduled.put("type", "PodScheduled");
            scheduled.put("status", "True");
            scheduled.put("lastTransitionTime", Json.now());
            scheduled.remove("reason");
            scheduled.remove("message");
            return pod;
        });
        return StatusBodies.success("pods", name, "", null).put("code", 201);
    }

    /**
     * The node a Binding names: {@code target} must decode as an ObjectReference (400 otherwise,
     * as typed decoding answers), its kind be Node or empty, and its name a node's name (a DNS
     * subdomain, as {@code spec.nodeName} must be on create), so a binding cannot store what a
     * pod could not be created with.
     */
    private static String target(ResourceType pods, String name, ObjectNode binding) {
        JsonNode target = binding.path("target");
        String refused = null;
        if (!target.isMissingNode() && !target.isNull() && !target.isObject()) {
            refused = "cannot unmarshal " + target.getNodeType().name().toLowerCase() + " into Go struct field "
                    + "Binding.target of type ObjectReference";
        } else if (target.has("name") && !target.get("name").isTextual()) {
            refused = "cannot unmarshal " + target.get("name").getNodeType().name().toLowerCase()
                    + " into Go struct field ObjectReference.target.name of type string";
        } else if (target.has("kind") && !target.get("kind").isTextual()) {
            refused = "cannot unmarshal " + target.get("kind").getNodeType().name().toLowerCase()
                    + " into Go struct field ObjectReference.target.kind of type string";
        }
        if (refused != null) {
            throw ApiException.badRequest("Binding in version \"v1\" cannot be handled as a Binding: json: " + refused);
        }
        java.util.List<ApiException.Cause> causes = new java.util.ArrayList<>();
        BindingValidation.validate(binding, Causes.into(causes));
        if (!causes.isEmpty()) {
            throw ApiException.invalid(pods, name, causes);
        }
        String node = target.path("name").asText("");
        return node;
    }

    private static ObjectNode scaleOf(ObjectNode object, ScalePaths paths) {
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode m = object.path("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (m.has(f)) {
                meta.set(f, m.get(f));
            }
        }
        scale.putObject("spec").put("replicas", paths.specReplicas(object).asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", paths.statusReplicas(object).asInt(0));
        String selector = paths.selector(object);
        if (selector != null) {
            status.put("selector", selector);
        }
        return scale;
    }
}
