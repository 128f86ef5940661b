package dev.orchestrator.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a write asks, as admission plugins see it (Kubernetes' {@code admission.Attributes}).
 *
 * @param operation   create, update (PUT, PATCH and apply of an existing object), delete or connect
 * @param group       the API group of the resource, {@code ""} for core
 * @param version     the version the object is stored in
 * @param resource    the resource's plural name ({@code pods})
 * @param subresource the subresource written ({@code status}), {@code ""} for the main resource
 * @param kind        the object's kind ({@code Pod})
 * @param namespace   the namespace, {@code ""} for a cluster-scoped resource
 * @param name        the object's name; {@code ""} when a create lets the server generate it
 * @param userName    who writes; {@code ""} for the API server's own writes
 * @param userGroups  the writer's groups
 * @param dryRun      whether the write is a dry run: a plugin must then change nothing outside the object
 * @param oldObject   the object as stored before an update or a delete; empty for a create. Read-only: it is the
 *                    server's own copy, not made again for each plugin.
 */
public record AdmissionRequest(Operation operation, String group, String version, String resource, String subresource,
                               String kind, String namespace, String name, String userName, List<String> userGroups,
                               boolean dryRun, Optional<JsonNode> oldObject) {

    public AdmissionRequest {
        Objects.requireNonNull(operation, "operation");
        group = Objects.requireNonNullElse(group, "");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(resource, "resource");
        subresource = Objects.requireNonNullElse(subresource, "");
        Objects.requireNonNull(kind, "kind");
        namespace = Objects.requireNonNullElse(namespace, "");
        name = Objects.requireNonNullElse(name, "");
        userName = Objects.requireNonNullElse(userName, "");
        userGroups = List.copyOf(userGroups);
        Objects.requireNonNull(oldObject, "oldObject");
    }

    /** Whether the request writes {@code resource} of {@code group} itself (not a subresource). */
    public boolean isMain(String group, String resource) {
        return this.group.equals(group) && this.resource.equals(resource) && subresource.isEmpty();
    }
}
