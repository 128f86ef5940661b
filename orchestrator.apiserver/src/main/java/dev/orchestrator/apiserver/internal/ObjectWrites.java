package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.Operation;
import dev.orchestrator.apiserver.internal.admission.AdmissionChain;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.validation.PodValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Create, update, patch and delete of any registered resource, with the Kubernetes
 * rules: the admission chain (mutating plugins after defaulting, validating plugins after
 * validation; the namespace checks are its first plugin), validation as 422 Invalid with
 * causes, optimistic concurrency, status subresource separated from the main resource,
 * finalizers and deletionTimestamp, dry run.
 */
final class ObjectWrites {

    private final ObjectStorage storage;
    private final ResourceRegistry registry;
    private final Allocations allocations;
    private final TypedDecoding typed;
    private final FieldValidation fieldValidation;
    private final RequestAdmission admission;
    private volatile Supplier<Optional<UserInfo>> writer = Optional::empty;
    private final FieldOwnership ownership;
    private final ServerSideApply serverSideApply;
    private volatile WriteGuard guard = WriteGuard.NONE;

    /** With every built-in admission plugin, Kubernetes' default tolerations of not-ready and unreachable nodes (300 s). */
    ObjectWrites(ObjectStorage storage, ResourceRegistry registry, Allocations allocations, TypedDecoding typed,
                 FieldValidation fieldValidation) {
        this(storage, registry, allocations, typed, fieldValidation,
                BuiltInPlugins.chain(storage, registry, new DefaultTolerationSeconds(300, 300), false, Set.of()));
    }

    /** @param admission the admission plugins, built-in ones included ({@link BuiltInPlugins}) */
    ObjectWrites(ObjectStorage storage, ResourceRegistry registry, Allocations allocations, TypedDecoding typed,
                 FieldValidation fieldValidation, AdmissionChain admission) {
        this.admission = new RequestAdmission(admission, storage, registry, () -> writer.get());
        this.typed = typed;
        this.fieldValidation = fieldValidation;
        this.storage = storage;
        this.registry = registry;
        this.allocations = allocations;
        // how lists merge in apply and managedFields: the built-in kinds' table, custom resources' schemas
        this.ownership = new FieldOwnership(SchemaListTypes.INSTANCE);
        this.serverSideApply = new ServerSideApply(SchemaListTypes.INSTANCE);
    }

    /** Adds a check every valid write must pass (RBAC escalation prevention). */
    void guardWith(WriteGuard writeGuard) {
        this.guard = writeGuard;
    }

    /** Tells admission plugins who writes: the user of the request the calling thread serves. */
    void identifyWritersBy(Supplier<Optional<UserInfo>> writerOfThread) {
        this.writer = writerOfThread;
    }

    RequestAdmission admission() {
        return admission;
    }

    /** What an apply wrote, and whether it created the object (201) or changed it (200). */
    record Applied(ObjectNode object, boolean created) {
    }

    ObjectNode create(ResourceType type, String namespace, ObjectNode object, boolean dryRun) {
        return create(type, namespace, object, dryRun, FieldManager.SERVER);
    }

    /** Creates with {@code manager} as the owner of every field ({@code null}: managedFields are set already). */
    ObjectNode create(ResourceType type, String namespace, ObjectNode object, boolean dryRun, FieldManager manager) {
        return createWritten(type, namespace, object, dryRun, manager).object();
    }

    /** {@link #create}, with what was stored for the answer. */
    ObjectStorage.Written createWritten(ResourceType type, String namespace, ObjectNode object, boolean dryRun,
                                        FieldManager manager) {
        ObjectMeta.checkTypeMeta(object, type.apiVersion(), type.kind());
        typed.decode(object, type);
        ObjectMeta.prepareCreate(object, type, namespace);
        type.strategy().prepareForCreate(object);
        String name = ObjectMeta.name(object);
        admission.mutate(Operation.CREATE, type, namespace, name, null, object, null, dryRun);
        if (type.strategy() instanceof PodStrategy) {
            PodStrategy.refreshQosClass(object); // as Kubernetes, the QoS class of the resources admission left
        }
        if (manager != null) {
            ownership.created(type, object, manager);
        }
        validate(type, object, name);
        admission.validate(Operation.CREATE, type, namespace, name, null, object, null, dryRun);
        if (dryRun) {
            return new ObjectStorage.Written(object, null);
        }
        try {
            type.strategy().allocate(object, allocations);
        } catch (FieldInvalidException e) {
            throw ApiException.invalid(type, name, List.of(e.cause));
        }
        try {
            return storage.createWritten(type, namespace, name, object);
        } catch (RuntimeException e) {
            type.strategy().released(object, allocations);
            throw e;
        }
    }

    /** PUT of the main resource or of its status subresource. */
    ObjectNode update(ResourceType type, String namespace, String name, String subresource, ObjectNode object,
                      boolean dryRun) {
        return update(type, namespace, name, subresource, object, dryRun, FieldManager.SERVER);
    }

    ObjectNode update(ResourceType type, String namespace, String name, String subresource, ObjectNode object,
                      boolean dryRun, FieldManager manager) {
        ObjectMeta.checkTypeMeta(object, type.apiVersion(), type.kind());
        typed.decode(object, type);
        String bodyName = ObjectMeta.name(object);
        if (bodyName != null && !bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + name + ")");
        }
        long expected = ObjectMeta.resourceVersion(object);
        ObjectNode old = storage.getOrNotFound(type, namespace, name);
        // A stale version is a conflict before anything else, as in Kubernetes: validated against a newer object
        // (a node's range allocated meanwhile) it would read as the client's mistake, a 422.
        if (expected != 0 && expected != ObjectMeta.resourceVersion(old)) {
            throw ApiException.conflict(type, name, ObjectStorage.MODIFIED);
        }
        ObjectNode updated = merged(type, namespace, subresource, object, old, dryRun);
        ownership.updated(type, old, updated, manager, subresource);
        validate(type, updated, name, subresource, old);
        admission.validate(Operation.UPDATE, type, namespace, name, subresource, updated, old, dryRun);
        if (dryRun) {
            return updated;
        }
        return store(type, namespace, name, updated, expected == 0 ? ObjectMeta.resourceVersion(old) : expected);
    }

    /**
     * PATCH: the patch applies to the current object, retried on concurrent writes unless it pins a version.
     * For a resource served in a second version ({@code served}) the patch applies to the object as that
     * version shows it; the stored object is returned.
     */
    ObjectNode patch(ResourceType served, String namespace, String name, String subresource, String contentType,
                     byte[] body, boolean dryRun) {
        return patch(served, namespace, name, subresource, contentType, body, dryRun, FieldManager.SERVER);
    }

    ObjectNode patch(ResourceType served, String namespace, String name, String subresource, String contentType,
                     byte[] body, boolean dryRun, FieldManager manager) {
        return rewrite(served, namespace, name, subresource, dryRun, manager,
                old -> Patches.apply(contentType, served.served(old).deepCopy(), body));
    }

    /**
     * Server-side apply of {@code config} (in the served version) by {@code manager}: merged into the
     * object, or the object created when it is missing (not through a subresource).
     */
    Applied apply(ResourceType served, String namespace, String name, String subresource, ObjectNode config,
                  FieldManager manager, boolean force, boolean dryRun) {
        ResourceType type = registry.storedFormOf(served);
        for (int attempt = 0; ; attempt++) {
            if (storage.get(type, namespace, name).isPresent()) {
                return new Applied(rewrite(served, namespace, name, subresource, dryRun, null,
                        old -> serverSideApply.apply(served, served.apiVersion(), served.served(old), config.deepCopy(),
                                manager, force, subresource)), false);
            }
            if (subresource != null) {
                throw ApiException.notFound(type, name);
            }
            ObjectNode created = serverSideApply.apply(served, served.apiVersion(), null, config.deepCopy(), manager,
                    force, null);
            CustomResourceSchemas.admit(served, created, FieldValidation.Mode.IGNORE, null); // apply creating one
            if (served.converted()) {
                created = served.conversion().orElseThrow().toStored(created);
            }
            try {
                return new Applied(create(type, namespace, created, dryRun, null), true);
            } catch (ApiException e) {
                if (!"AlreadyExists".equals(e.reason) || attempt >= 3) {
                    throw e; // else created meanwhile: apply to it
                }
            }
        }
    }

    /**
     * A patch or an apply: {@code change} makes the new object (in the served version) from the current one,
     * retried on concurrent writes unless it pins a version. {@code manager} takes the changed fields
     * (null: the change set managedFields itself, as an apply does). The stored object is returned.
     */
    private ObjectNode rewrite(ResourceType served, String namespace, String name, String subresource, boolean dryRun,
                               FieldManager manager, java.util.function.UnaryOperator<ObjectNode> change) {
        ResourceType type = registry.storedFormOf(served);
        for (int attempt = 0; ; attempt++) {
            ObjectNode old = storage.getOrNotFound(type, namespace, name);
            ObjectNode patched = change.apply(old);
            ObjectMeta.checkTypeMeta(patched, served.apiVersion(), type.kind());
            // the patch body itself was checked for unknown fields
            CustomResourceSchemas.admit(served, patched, FieldValidation.Mode.IGNORE, subresource);
            if (served.converted()) {
                patched = served.conversion().orElseThrow().toStored(patched);
            }
            typed.decode(patched, type);
            checkPatched(type, patched);
            long pinned = ObjectMeta.resourceVersion(patched) == ObjectMeta.resourceVersion(old)
                    ? 0 : ObjectMeta.resourceVersion(patched);
            ObjectNode updated = merged(type, namespace, subresource, patched, old, dryRun);
            if (manager != null) {
                ownership.updated(type, old, updated, manager, subresource);
            } else {
                copyManagedFields(patched, updated); // a status write starts from the old object
            }
            validate(type, updated, name, subresource, old);
            admission.validate(Operation.UPDATE, type, namespace, name, subresource, updated, old, dryRun);
            if (dryRun) {
                return updated;
            }
            try {
                return store(type, namespace, name, updated, pinned == 0 ? ObjectMeta.resourceVersion(old) : pinned);
            } catch (ApiException e) {
                if (pinned != 0 || e.code != 409 || attempt >= 8) {
                    throw e;
                }
            }
        }
    }

    private static void copyManagedFields(ObjectNode from, ObjectNode to) {
        JsonNode managed = from.path("metadata").get("managedFields");
        if (managed == null) {
            ObjectMeta.metadata(to).remove("managedFields");
        } else {
            ObjectMeta.metadata(to).set("managedFields", managed);
        }
    }

    /**
     * What a patch made is held to what a body may be. Unknown fields are dropped, as from a
     * created or updated object (the patch body itself was checked as fieldValidation asks). And
     * a JSON patch body is shallow while its paths may be long: patches that each add a deep value
     * below the last could build an object of any depth, which readers of lists and watches
     * (fabric8 stops at 500 levels) could no longer decode.
     */
    private void checkPatched(ResourceType type, ObjectNode patched) {
        fieldValidation.check(patched, type, FieldValidation.Mode.IGNORE);
        int depth = Json.depth(patched);
        if (depth > Json.MAX_REQUEST_DEPTH) {
            throw ApiException.badRequest("the patched object would be nested " + depth + " levels deep, deeper than "
                    + Json.MAX_REQUEST_DEPTH + " levels, which no request body may be");
        }
    }

    /**
     * DELETE: objects with finalizers (or bound pods with a grace period) are marked with
     * a deletionTimestamp and stay until the finalizers are gone; others are removed now. The
     * options' propagation policy adds (or removes) the garbage collector's finalizers first
     * ({@link DeletePropagation}), so an Orphan or Foreground deletion always marks the object.
     */
    ObjectNode delete(ResourceType type, String namespace, String name, JsonNode options, boolean dryRun) {
        return remove(type, namespace, name, options, dryRun).object();
    }

    /** What a delete left: the object, and whether it is gone (not held by finalizers or a grace period). */
    record Removal(ObjectNode object, boolean gone) {
    }

    Removal remove(ResourceType type, String namespace, String name, JsonNode options, boolean dryRun) {
        DeletePropagation propagation = DeletePropagation.of(options);
        type.strategy().checkDeletable(name);
        ObjectNode current = storage.getOrNotFound(type, namespace, name);
        checkPreconditions(type, name, current, options);
        admission.validate(Operation.DELETE, type, namespace, name, null, current, current, dryRun);
        long grace = type.strategy().gracePeriodSeconds(current, options);
        List<String> finalizers = propagation.finalizers(finalizers(current));
        boolean held = !finalizers.isEmpty() || type.strategy().heldOnDelete(current);
        if (dryRun) {
            return new Removal(current, !held && grace == 0 && !current.path("metadata").has("deletionTimestamp"));
        }
        if (current.path("metadata").has("deletionTimestamp")) {
            if (!finalizers.equals(finalizers(current))) {
                current = storage.guaranteedUpdate(type, namespace, name, o -> {
                    setFinalizers(o, propagation.finalizers(finalizers(o)));
                    return o;
                });
            }
            ObjectNode left = shortenGracePeriod(type, namespace, name, current, grace, held);
            return new Removal(left, grace == 0 && !held);
        }
        if (held || grace > 0) {
            ObjectNode marked = storage.guaranteedUpdate(type, namespace, name, o -> {
                setFinalizers(o, propagation.finalizers(finalizers(o)));
                ObjectNode meta = ObjectMeta.metadata(o);
                meta.put("deletionTimestamp", Json.now());
                meta.put("deletionGracePeriodSeconds", grace);
                type.strategy().markTerminating(o);
                return o;
            });
            return new Removal(marked, false);
        }
        long precondition = ListOptions.nonNegative("preconditions.resourceVersion",
                Json.text(options.path("preconditions"), "resourceVersion"), 0);
        ObjectNode deleted = storage.delete(type, namespace, name, precondition);
        type.strategy().released(deleted, allocations);
        return new Removal(deleted, true);
    }

    private static void checkPreconditions(ResourceType type, String name, ObjectNode current, JsonNode options) {
        long precondition = ListOptions.nonNegative("preconditions.resourceVersion",
                Json.text(options.path("preconditions"), "resourceVersion"), 0);
        String uid = Json.text(options.path("preconditions"), "uid");
        if (uid != null && !uid.equals(Json.text(current.path("metadata"), "uid"))) {
            throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + Json.text(current.path("metadata"), "uid"));
        }
        if (precondition != 0 && precondition != ObjectMeta.resourceVersion(current)) {
            throw ApiException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
                    + precondition + ", ResourceVersion in object meta: " + ObjectMeta.resourceVersion(current));
        }
    }

    /**
     * A uid in what is written must be the stored object's: as in Kubernetes it is a
     * precondition (the kubelet puts the pod's uid into its status patches, so that the status of
     * a deleted pod never lands on a new pod of the same name).
     */
    private static void checkUid(ResourceType type, ObjectNode object, ObjectNode old) {
        String uid = Json.text(object.path("metadata"), "uid");
        String stored = Json.text(old.path("metadata"), "uid");
        if (uid != null && !uid.isEmpty() && !uid.equals(stored)) {
            throw ApiException.conflict(type, ObjectMeta.name(old), "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + stored);
        }
    }

    private static List<String> finalizers(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.path("metadata").path("finalizers").forEach(f -> names.add(f.asText()));
        return names;
    }

    private static void setFinalizers(ObjectNode object, List<String> names) {
        ObjectNode meta = ObjectMeta.metadata(object);
        if (names.isEmpty()) {
            meta.remove("finalizers");
        } else {
            var array = meta.putArray("finalizers");
            names.forEach(array::add);
        }
    }

    /**
     * A second delete of an object already being deleted: as in Kubernetes a shorter grace period
     * replaces the longer one, and a grace period of 0 (the kubelet confirming that the pod's
     * containers are gone, or {@code --force}) deletes it at once unless finalizers hold it.
     */
    private ObjectNode shortenGracePeriod(ResourceType type, String namespace, String name, ObjectNode current,
                                          long grace, boolean finalizers) {
        long currentGrace = current.path("metadata").path("deletionGracePeriodSeconds").asLong(0);
        if (grace == 0 && !finalizers) {
            ObjectNode deleted = storage.delete(type, namespace, name, 0);
            type.strategy().released(deleted, allocations);
            return deleted;
        }
        if (grace >= currentGrace) {
            return current; // finalizers or the kubelet finish it
        }
        return storage.guaranteedUpdate(type, namespace, name, o -> {
            ObjectMeta.metadata(o).put("deletionGracePeriodSeconds", grace);
            return o;
        });
    }

    /**
     * The object to store: for the main resource the new object with the old status; for
     * the status subresource the old object with the new status. Removing the last
     * finalizer of an object being deleted deletes it.
     */
    private ObjectNode merged(ResourceType type, String namespace, String subresource, ObjectNode object, ObjectNode old,
                              boolean dryRun) {
        checkUid(type, object, old);
        ObjectNode updated;
        if ("status".equals(subresource)) {
            updated = old.deepCopy();
            if (object.has("status")) {
                updated.set("status", object.get("status"));
            } else {
                updated.remove("status");
            }
            if (type.strategy() instanceof CertificateSigningRequests) {
                CertificateSigningRequests.keepApproval(updated, old);
            }
        } else if ("approval".equals(subresource) && type.strategy() instanceof CertificateSigningRequests) {
            // certificatesigningrequests/approval: kubectl certificate approve|deny sets the conditions only
            updated = CertificateSigningRequests.approval(object, old);
        } else if ("finalize".equals(subresource)) {
            // namespaces/finalize: the namespace controller's way to drop spec.finalizers, which
            // updates of the namespace itself keep
            updated = old.deepCopy();
            Json.objectField(updated, "spec").set("finalizers",
                    object.path("spec").path("finalizers").isArray() ? object.path("spec").path("finalizers")
                            : Json.array());
        } else if ("ephemeralcontainers".equals(subresource) && type.strategy() instanceof PodStrategy) {
            // pods/ephemeralcontainers (kubectl debug): the stored pod with the request's ephemeral containers only
            updated = old.deepCopy();
            ObjectNode spec = Json.objectField(updated, "spec");
            JsonNode wanted = object.path("spec").path("ephemeralContainers");
            if (wanted.isArray() && !wanted.isEmpty()) {
                spec.set("ephemeralContainers", wanted.deepCopy());
            } else {
                spec.remove("ephemeralContainers");
            }
            PodStrategy.defaultSpec(spec);
        } else if (subresource != null) {
            throw ApiException.notFound("the server could not find the requested resource (" + type.plural() + "/"
                    + subresource + ")");
        } else {
            updated = object;
            if (type.hasStatus()) {
                if (old.has("status")) {
                    updated.set("status", old.get("status"));
                } else {
                    updated.remove("status");
                }
            }
            // Defaults first, so that an update omitting defaulted fields does not bump the generation.
            type.strategy().prepareForUpdate(updated, old);
            // mutating admission as on create (a PUT of the original manifest gets the same defaults, changing nothing)
            admission.mutate(Operation.UPDATE, type, namespace, ObjectMeta.name(old), null, updated, old, dryRun);
            ObjectMeta.prepareUpdate(updated, old);
            if (type.strategy() instanceof CustomResourceStrategy custom) {
                custom.setGeneration(updated, old, type.hasStatus());
            }
        }
        ObjectMeta.metadata(updated).put("resourceVersion", Long.toString(ObjectMeta.resourceVersion(old)));
        return updated;
    }

    private ObjectNode store(ResourceType type, String namespace, String name, ObjectNode updated, long expected) {
        boolean terminating = updated.path("metadata").has("deletionTimestamp");
        // a namespace's spec.finalizers hold it as much as metadata.finalizers (heldOnDelete)
        boolean noFinalizers = updated.path("metadata").path("finalizers").size() == 0
                && !type.strategy().heldOnDelete(updated);
        long grace = updated.path("metadata").path("deletionGracePeriodSeconds").asLong(0);
        if (terminating && noFinalizers && grace == 0) {
            ObjectNode deleted = storage.delete(type, namespace, name, expected);
            type.strategy().released(deleted, allocations);
            return deleted;
        }
        return storage.update(type, namespace, name, updated, expected);
    }

    private void validate(ResourceType type, ObjectNode object, String name) {
        validate(type, object, name, null, null);
    }

    /** Validation of a create ({@code old} null), an update or patch, or a status write. */
    private void validate(ResourceType type, ObjectNode object, String name, String subresource, ObjectNode old) {
        List<ApiException.Cause> causes = new ArrayList<>();
        ObjectMeta.validate(object, type, causes);
        type.strategy().validate(object, causes);
        if (old == null) {
            type.strategy().validateCreate(object, causes);
        } else if ("status".equals(subresource)) {
            type.strategy().validateStatusUpdate(object, old, causes);
        } else if ("ephemeralcontainers".equals(subresource) && type.strategy() instanceof PodStrategy) {
            PodValidation.validateEphemeralContainersUpdate(object, old, Causes.into(causes));
        } else {
            type.strategy().validateUpdate(object, old, causes);
        }
        if (!causes.isEmpty()) {
            throw ApiException.invalid(type, name == null ? "" : name, causes);
        }
        if (!"status".equals(subresource)) {
            guard.check(type, object, old);
        }
    }
}
