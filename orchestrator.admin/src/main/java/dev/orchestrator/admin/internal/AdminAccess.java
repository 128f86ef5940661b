package dev.orchestrator.admin.internal;

import dev.orchestrator.api.security.RequestIdentity;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.osgi.framework.BundleContext;

/**
 * Who may use an administration endpoint (bundles, backup), which can replace code in the running process or read
 * every key of the store. With TLS and authentication (the launch property {@value RequestIdentity#PKI_DIR_PROPERTY}):
 * an authenticated member of {@code system:masters}, from anywhere; when the API server's authentication is not in
 * place (it is starting or being updated) nobody, rather than everybody. Without them (development): loopback
 * clients only.
 */
final class AdminAccess {

    private final boolean secured;
    private final String endpoint;

    AdminAccess(BundleContext context, String endpoint) {
        String pkiDir = context.getProperty(RequestIdentity.PKI_DIR_PROPERTY);
        this.secured = pkiDir != null && !pkiDir.isBlank();
        this.endpoint = endpoint;
    }

    void check(HttpServletRequest request) {
        if (!secured) {
            if (!LoopbackOnly.allows(request.getRemoteAddr())) {
                throw AdminException.forbidden("the " + endpoint + " endpoint answers loopback clients only (127.0.0.0/8, ::1) "
                        + "on a server without TLS and authentication. Run ./orch on the machine itself");
            }
            return;
        }
        Object user = request.getAttribute(RequestIdentity.USER);
        if (!(user instanceof String name)) {
            throw new AdminException(503, "ServiceUnavailable", "authentication is not in place yet (the API server is "
                    + "starting or being updated); try again in a moment");
        }
        if (!(request.getAttribute(RequestIdentity.GROUPS) instanceof List<?> groups)
                || !groups.contains(RequestIdentity.MASTERS)) {
            throw AdminException.forbidden("User \"" + name + "\" cannot use the " + endpoint + " endpoint: it is for "
                    + "members of the group " + RequestIdentity.MASTERS + " only");
        }
    }
}
