package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.ObjectLookup;
import dev.orchestrator.api.admission.Operation;
import dev.orchestrator.apiserver.internal.admission.AdmissionChain;
import dev.orchestrator.apiserver.internal.admission.NamespaceLifecycle;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path's side of admission: turns a write into an {@link AdmissionRequest}, runs the chain's phases
 * with a context reading the storage, and turns a plugin's denial into a Kubernetes {@code Status}. Warnings
 * and audit annotations of the request the calling thread serves are collected here until the servlet sends
 * them ({@link #begin()}); the server's own writes have none to collect.
 */
final class RequestAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(RequestAdmission.class);

    /** What plugins said about the request in progress, for the response's headers and the audit event. */
    static final class Notes implements AutoCloseable {
        final List<String> warnings = new ArrayList<>();
        final Map<String, String> auditAnnotations = new java.util.LinkedHashMap<>();
        /** What the request's plugins read of the kinds kept for a request ({@link StorageLookup}). */
        private final Map<String, Optional<ObjectNode>> gets = new java.util.HashMap<>();
        private final Map<String, List<ObjectNode>> lists = new java.util.HashMap<>();
        private final ThreadLocal<Notes> owner;

        private Notes(ThreadLocal<Notes> owner) {
            this.owner = owner;
        }

        @Override
        public void close() {
            owner.remove();
        }
    }

    private final AdmissionChain chain;
    private final ObjectStorage storage;
    private final ResourceRegistry registry;
    private final Supplier<Optional<UserInfo>> writer;
    private final ThreadLocal<Notes> notes = new ThreadLocal<>();
    private final ObjectLookup lookup = new StorageLookup();

    RequestAdmission(AdmissionChain chain, ObjectStorage storage, ResourceRegistry registry,
                     Supplier<Optional<UserInfo>> writer) {
        this.chain = chain;
        this.storage = storage;
        this.registry = registry;
        this.writer = writer;
    }

    AdmissionChain chain() {
        return chain;
    }

    /** Starts collecting the calling thread's warnings and audit annotations; close when the response is sent. */
    Notes begin() {
        Notes n = new Notes(notes);
        notes.set(n);
        return n;
    }

    /** The notes of the request the calling thread serves, if it serves one. */
    Optional<Notes> current() {
        return Optional.ofNullable(notes.get());
    }

    void mutate(Operation operation, ResourceType type, String namespace, String name, String subresource,
                ObjectNode object, ObjectNode old, boolean dryRun) {
        AdmissionRequest request = request(operation, type, namespace, name, subresource, old, dryRun);
        run(request, () -> chain.mutate(request, object, context()));
    }

    void validate(Operation operation, ResourceType type, String namespace, String name, String subresource,
                  ObjectNode object, ObjectNode old, boolean dryRun) {
        AdmissionRequest request = request(operation, type, namespace, name, subresource, old, dryRun);
        run(request, () -> chain.validate(request, object, context()));
    }

    private AdmissionRequest request(Operation operation, ResourceType type, String namespace, String name,
                                     String subresource, ObjectNode old, boolean dryRun) {
        Optional<UserInfo> user = writer.get();
        return new AdmissionRequest(operation, type.group(), type.version(), type.plural(), subresource, type.kind(),
                namespace, name, user.map(UserInfo::name).orElse(""), user.map(UserInfo::groups).orElse(List.of()),
                dryRun, Optional.<JsonNode>ofNullable(old)); // not copied: every write (status updates too) comes here
    }

    private static void run(AdmissionRequest request, Runnable phase) {
        try {
            phase.run();
        } catch (AdmissionDeniedException e) {
            throw denied(request, e);
        } catch (ApiException e) {
            throw e; // a built-in plugin speaking the server's own errors (a quota's conflict)
        } catch (RuntimeException e) {
            // a plugin's bug must not leave the write half-done nor read as the client's mistake
            LOG.error("admission plugin failed resource={} name={}", request.resource(), request.name(), e);
            throw ApiException.internal("admission failed for " + request.resource() + " \"" + request.name()
                    + "\": " + e);
        }
    }

    /** Kubernetes' wording: a denial for reason Forbidden names the object first ({@code pods "web" is forbidden: …}). */
    static ApiException denied(AdmissionRequest request, AdmissionDeniedException e) {
        String resource = request.group().isEmpty() ? request.resource() : request.resource() + "." + request.group();
        if (e instanceof NamespaceLifecycle.NamespaceTerminating terminating) {
            return ApiException.forbidden(request.group(), request.resource(), request.name(),
                    resource + " \"" + request.name() + "\" is forbidden: " + e.getMessage(),
                    List.of(new ApiException.Cause(NamespaceLifecycle.NamespaceTerminating.CAUSE, "metadata.namespace",
                            "namespace " + terminating.namespace + " is being terminated")));
        }
        if ("Forbidden".equals(e.reason)) {
            return ApiException.forbidden(request.group(), request.resource(), request.name(),
                    resource + " \"" + request.name() + "\" is forbidden: " + e.getMessage());
        }
        return ApiException.withReason(e.code, e.reason, e.getMessage());
    }

    private AdmissionContext context() {
        Notes current = notes.get();
        return new AdmissionContext() {
            @Override
            public ObjectLookup lookup() {
                return lookup;
            }

            @Override
            public void warn(String message) {
                if (current != null) {
                    current.warnings.add(message);
                }
            }

            @Override
            public void annotateAudit(String key, String value) {
                if (current != null) {
                    current.auditAnnotations.put(key, value);
                }
            }
        };
    }

    /**
     * The stored objects, by group and plural, in the form they are stored. Namespaces and LimitRanges, which
     * admission reads but never writes, are read once per request and handed out as copies: a pod create read its
     * namespace twice (lifecycle, Pod Security) and its LimitRanges three times (defaults, then each kind of limit),
     * each time a store read — a round trip to etcd. ResourceQuotas are never kept: their charge re-reads a quota
     * after a conflict.
     */
    private final class StorageLookup implements ObjectLookup {

        private static final java.util.Set<String> KEPT_FOR_A_REQUEST = java.util.Set.of("namespaces", "limitranges");

        @Override
        public Optional<ObjectNode> get(String group, String resource, String namespace, String name) {
            Notes request = keptFor(group, resource);
            return request == null ? read(group, resource, namespace, name)
                    : request.gets.computeIfAbsent(resource + " " + namespace + "/" + name,
                            k -> read(group, resource, namespace, name)).map(ObjectNode::deepCopy);
        }

        @Override
        public List<ObjectNode> list(String group, String resource, String namespace) {
            Notes request = keptFor(group, resource);
            return request == null ? read(group, resource, namespace)
                    : request.lists.computeIfAbsent(resource + " " + namespace, k -> read(group, resource, namespace))
                            .stream().map(ObjectNode::deepCopy).toList();
        }

        /** The request the calling thread serves, when the resource is one kept for a request. */
        private Notes keptFor(String group, String resource) {
            return group.isEmpty() && KEPT_FOR_A_REQUEST.contains(resource) ? notes.get() : null;
        }

        private Optional<ObjectNode> read(String group, String resource, String namespace, String name) {
            return type(group, resource).flatMap(t -> storage.lookUp(t, t.namespaced() ? namespace : null, name));
        }

        private List<ObjectNode> read(String group, String resource, String namespace) {
            return type(group, resource).map(t -> storage.lookUpAll(t, t.namespaced() && !namespace.isEmpty() ? namespace
                    : null)).orElse(List.of());
        }

        private Optional<ResourceType> type(String group, String resource) {
            return registry.preferred(group, resource);
        }
    }
}
