package dev.orchestrator.apiserver.internal;

import dev.orchestrator.apiserver.internal.auth.RequestUser;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.authz.Authorizer;
import dev.orchestrator.apiserver.internal.authz.Decision;
import dev.orchestrator.apiserver.internal.authz.ForbiddenMessage;
import dev.orchestrator.apiserver.internal.authz.Impersonation;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Optional;

/**
 * The authorization step of every request, after authentication and before routing: impersonation first (the
 * requester must be allowed to {@code impersonate} each identity asked for; the request then runs as that user),
 * then the request's own attributes. A denial is a 403 in Kubernetes' words. While the request runs, its user is
 * known to the write path ({@link #writer()}), which checks RBAC escalation.
 */
final class RequestAuthorization {

    /** The span of one request; closing it forgets the request's user. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private final Authorizer authorizer;
    private final ResourceRegistry registry;
    private final AccessReviews reviews;
    /** The user of the request this thread serves: writes run on the request's thread, below many signatures. */
    private final ThreadLocal<UserInfo> writer = new ThreadLocal<>();

    RequestAuthorization(Authorizer authorizer, ResourceRegistry registry, AccessReviews reviews) {
        this.authorizer = authorizer;
        this.registry = registry;
        this.reviews = reviews;
    }

    /**
     * Authorizes the request, or throws.
     *
     * @throws ApiException 403 Forbidden when the user (or the impersonation) is not allowed, 400 for impersonation
     *                      headers without a user
     */
    Scope admit(HttpServletRequest request) {
        return admit(request, null);
    }

    /**
     * Authorizes the request, whose attributes the caller has read already (null: read them here), or throws.
     *
     * @throws ApiException as {@link #admit(HttpServletRequest)}
     */
    Scope admit(HttpServletRequest request, RequestAttributes attributes) {
        UserInfo user = RequestUser.of(request);
        Optional<Impersonation> impersonation;
        try {
            impersonation = Impersonation.of(Collections.list(request.getHeaderNames()),
                    name -> Collections.list(request.getHeaders(name)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (impersonation.isPresent()) {
            for (RequestAttributes right : impersonation.get().requiredRights()) {
                require(user, right);
            }
            user = impersonation.get().user();
            RequestUser.set(request, user);
        }
        require(user, attributes != null ? attributes
                : RequestAttributesOf.kept(QueryOnlyRequest.of(request), registry));
        writer.set(user);
        return writer::remove;
    }

    /** The user of the request the calling thread serves; empty for the server's own writes. */
    Optional<UserInfo> writer() {
        return Optional.ofNullable(writer.get());
    }

    AccessReviews reviews() {
        return reviews;
    }

    private void require(UserInfo user, RequestAttributes attributes) {
        Decision decision = authorizer.authorize(user, attributes);
        if (!decision.allowed()) {
            throw ApiException.forbidden(attributes.apiGroup(), attributes.resource(), attributes.name(),
                    ForbiddenMessage.of(user, attributes, decision.reason()));
        }
    }
}
