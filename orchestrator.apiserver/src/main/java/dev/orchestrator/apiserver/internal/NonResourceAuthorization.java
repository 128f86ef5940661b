package dev.orchestrator.apiserver.internal;

import dev.orchestrator.api.security.RequestIdentity;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * Authorizes a request for a path that another bundle serves beside the API (the metrics endpoint) as Kubernetes
 * authorizes a non-resource URL: the verb is the lower-case HTTP method, so {@code kubectl get --raw /metrics} needs
 * a rule granting {@code get} on the non-resource URL {@code /metrics} ({@code cluster-admin} has every URL). A
 * denial is a 403 {@code Status} in Kubernetes' words. Runs after authentication; a request that arrives without an
 * authenticated user (authentication is being replaced) is refused with 503 rather than let through.
 */
final class NonResourceAuthorization implements Filter {

    private final RequestAuthorization authorization;

    NonResourceAuthorization(RequestAuthorization authorization) {
        this.authorization = authorization;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        if (!(http.getAttribute(RequestIdentity.USER) instanceof String)) {
            refuse(out, ApiException.withReason(503, "ServiceUnavailable", "authentication is not in place yet "
                    + "(the API server is starting or being updated); try again in a moment"));
            return;
        }
        RequestAttributes attributes = RequestAttributes.nonResource(http.getMethod().toLowerCase(Locale.ROOT),
                http.getRequestURI());
        try {
            authorization.admit(http, attributes).close();
        } catch (ApiException denied) {
            refuse(out, denied);
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, ApiException e) throws IOException {
        byte[] body = Json.bytes(StatusBodies.of(e));
        response.setStatus(e.code);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
