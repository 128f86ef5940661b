package dev.orchestrator.apiserver.internal.auth;

import dev.orchestrator.api.security.RequestIdentity;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every servlet of the HTTP service (the API, metrics, bundle administration, backup): authenticates
 * the request and leaves the user in its attributes, or answers 401 with a {@code Status}.
 */
public final class AuthenticationFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);
    private static final byte[] UNAUTHORIZED = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}")
            .getBytes(StandardCharsets.UTF_8);

    private final Authentication authentication;

    public AuthenticationFilter(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        UserInfo user;
        try {
            user = authentication.authenticate(http);
        } catch (Unauthenticated e) {
            LOG.debug("401 for {} {} from {}: {}", http.getMethod(), http.getRequestURI(), http.getRemoteAddr(), e.getMessage());
            HttpServletResponse out = (HttpServletResponse) response;
            out.setStatus(401);
            out.setContentType("application/json");
            out.setContentLength(UNAUTHORIZED.length);
            out.getOutputStream().write(UNAUTHORIZED);
            return;
        }
        RequestUser.set(http, user);
        http.setAttribute(RequestIdentity.USER, user.name());
        http.setAttribute(RequestIdentity.GROUPS, user.groups());
        chain.doFilter(request, response);
    }
}
