package dev.orchestrator.apiserver.internal.auth;

import jakarta.servlet.http.HttpServletRequest;

/** The authenticated user of a request, kept as a request attribute once authentication has run. */
public final class RequestUser {

    static final String ATTRIBUTE = "dev.orchestrator.apiserver.user";

    private RequestUser() {
    }

    public static void set(HttpServletRequest request, UserInfo user) {
        request.setAttribute(ATTRIBUTE, user);
    }

    /** The request's user; a server without authentication (development) serves everyone as {@link UserInfo#unsecured()}. */
    public static UserInfo of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof UserInfo user ? user : UserInfo.unsecured();
    }
}
