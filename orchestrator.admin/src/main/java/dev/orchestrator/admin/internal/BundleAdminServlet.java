package dev.orchestrator.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.osgi.framework.Bundle;

/**
 * {@code GET /orchestrator/v1/bundles}, {@code GET} and {@code PUT /orchestrator/v1/bundles/{symbolicName}}.
 * Every refusal is a {@code metav1.Status}; who may use it is checked first ({@link AdminAccess}).
 */
final class BundleAdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final long DISCARD_LIMIT = 4L << 20;
    private static final Set<String> JAR_TYPES = Set.of("application/java-archive", "application/octet-stream");

    private final transient BundleUpdater updater;
    private final transient Plugins plugins;
    private final long maxJarBytes;
    private final transient Path uploads;
    private final transient AdminAccess access;

    BundleAdminServlet(BundleUpdater updater, Plugins plugins, long maxJarBytes, Path uploads, AdminAccess access) {
        this.access = access;
        this.updater = updater;
        this.plugins = plugins;
        this.maxJarBytes = maxJarBytes;
        this.uploads = uploads;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            access.check(request);
            BundlePath path = BundlePath.parse(request.getPathInfo());
            switch (request.getMethod()) {
                case "GET" -> get(path, response);
                case "PUT" -> put(path, request, response);
                case "POST" -> post(path, request, response);
                case "DELETE" -> delete(path, response);
                default -> throw new AdminException(405, "MethodNotAllowed", "method " + request.getMethod()
                        + " is not supported here; use GET, POST /orchestrator/v1/bundles (install a plugin), "
                        + "PUT or DELETE /orchestrator/v1/bundles/{symbolicName}");
            }
        } catch (AdminException e) {
            discardUnreadBody(request, response);
            AdminJson.write(response, e.code, AdminJson.failure(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AdminJson.write(response, 503, AdminJson.status(false, 503, "ServiceUnavailable",
                    "interrupted while waiting for the refresh (the endpoint is stopping)"));
        }
    }

    private void get(BundlePath path, HttpServletResponse response) throws IOException {
        ObjectNode body = path.symbolicName().map(name -> {
            Bundle bundle = updater.find(name);
            return plugins.describe(AdminJson.bundle(bundle), bundle);
        }).orElseGet(() -> {
            ObjectNode list = AdminJson.list(java.util.List.of());
            var items = (com.fasterxml.jackson.databind.node.ArrayNode) list.get("items");
            updater.all().forEach(bundle -> items.add(plugins.describe(AdminJson.bundle(bundle), bundle)));
            return list;
        });
        AdminJson.write(response, 200, body);
    }

    private void put(BundlePath path, HttpServletRequest request, HttpServletResponse response)
            throws IOException, InterruptedException {
        String name = path.symbolicName().orElseThrow(() -> new AdminException(405, "MethodNotAllowed",
                "PUT updates one bundle: PUT /orchestrator/v1/bundles/{symbolicName} with the jar as the body"));
        requireJarContentType(request.getContentType());
        String query = request.getQueryString();
        Bundle bundle = updater.target(name, flag(query, "force"));
        boolean async = updater.refreshesThisEndpoint(bundle);
        if (async && !flag(query, "self")) {
            throw AdminException.conflict("updating \"" + name + "\" restarts this endpoint or the HTTP server "
                    + "answering it (it is " + BundleUpdater.ADMIN_BUNDLE + ", or they depend on it), so no answer "
                    + "could report the result. Repeat with ?self=true (./orch upgrade --self) to have it updated "
                    + "just after the answer");
        }
        if (request.getContentLengthLong() > maxJarBytes) {
            throw new AdminException(413, "RequestEntityTooLarge",
                    "the jar is larger than the limit of " + maxJarBytes + " bytes");
        }
        UploadedJar jar = UploadedJar.receive(request.getInputStream(), maxJarBytes, uploads);
        boolean handedOver = false;
        try {
            jar.requireSymbolicName(name);
            if (async) {
                String from = bundle.getVersion().toString();
                updater.updateLater(bundle, jar);
                handedOver = true;
                AdminJson.write(response, 202, AdminJson.status(true, 202, null, "update of " + name + " " + from
                        + " to " + jar.version() + " accepted; it runs right after this answer (watch the log for "
                        + "\"bundle updated bsn=" + name + "\")"));
                response.flushBuffer();
                return;
            }
            BundleUpdater.Result result = updater.update(bundle, jar);
            plugins.saveIfPlugin(result.bundle(), jar);
            ObjectNode body = AdminJson.bundle(result.bundle());
            body.put("previousVersion", result.previousVersion());
            body.put("millis", result.millis());
            AdminJson.write(response, 200, body);
        } finally {
            if (!handedOver) {
                jar.close();
            }
        }
    }

    /** Installs a new plugin bundle from the jar in the body: 201 with the started bundle. */
    private void post(BundlePath path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!path.isCollection()) {
            throw new AdminException(405, "MethodNotAllowed", "POST installs a plugin: POST /orchestrator/v1/bundles "
                    + "with the jar as the body; PUT /orchestrator/v1/bundles/{symbolicName} updates one");
        }
        requireJarContentType(request.getContentType());
        if (request.getContentLengthLong() > maxJarBytes) {
            throw new AdminException(413, "RequestEntityTooLarge",
                    "the jar is larger than the limit of " + maxJarBytes + " bytes");
        }
        try (UploadedJar jar = UploadedJar.receive(request.getInputStream(), maxJarBytes, uploads)) {
            Bundle installed = plugins.install(jar);
            AdminJson.write(response, 201, plugins.describe(AdminJson.bundle(installed), installed));
        }
    }

    /** Removes a plugin bundle (never one of the product's). */
    private void delete(BundlePath path, HttpServletResponse response) throws IOException, InterruptedException {
        String name = path.symbolicName().orElseThrow(() -> new AdminException(405, "MethodNotAllowed",
                "DELETE removes one plugin: DELETE /orchestrator/v1/bundles/{symbolicName} (PUT there updates one, "
                        + "POST /orchestrator/v1/bundles installs one)"));
        Bundle bundle = updater.find(name);
        plugins.remove(bundle);
        AdminJson.write(response, 200, AdminJson.status(true, 200, null, "plugin \"" + name + "\" "
                + bundle.getVersion() + " removed"));
    }

    /**
     * A refusal sent before the jar was read would leave its bytes on the connection: the server then closes the
     * connection under a client that may still be sending, and the client sees the connection reset instead of
     * the answer. So a body of up to {@link #DISCARD_LIMIT} is read and dropped first; a larger one is left and
     * the answer says {@code Connection: close}, so at least no client reuses the connection for its next request.
     */
    private static void discardUnreadBody(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (request.getContentLengthLong() == 0 || request.getInputStream().isFinished()) {
            return;
        }
        try {
            InputStream body = request.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            for (long discarded = 0; discarded <= DISCARD_LIMIT; ) {
                int n = body.read(buffer);
                if (n < 0) {
                    return;
                }
                discarded += n;
            }
        } catch (IOException e) {
            // the client went away or sent less than it announced; the answer below is then its last
        }
        response.setHeader("Connection", "close");
    }

    static void requireJarContentType(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!JAR_TYPES.contains(type)) {
            throw new AdminException(415, "UnsupportedMediaType", "the body must be the bundle jar, sent as "
                    + "application/java-archive or application/octet-stream (got " + (type.isEmpty() ? "none" : type)
                    + ")");
        }
    }

    /**
     * Whether the query string has {@code name=true} (or a bare {@code name}). Read from the raw query, never with
     * {@code getParameter}, which could consume a form-encoded body.
     */
    static boolean flag(String query, String name) {
        if (query == null) {
            return false;
        }
        return Arrays.stream(query.split("&"))
                .anyMatch(p -> p.equals(name) || p.equalsIgnoreCase(name + "=true"));
    }
}
