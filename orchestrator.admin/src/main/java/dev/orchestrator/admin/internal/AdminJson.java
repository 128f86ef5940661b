package dev.orchestrator.admin.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import org.osgi.framework.Bundle;

/** The endpoint's JSON bodies: bundle items, the bundle list, and {@code metav1.Status} for everything refused. */
final class AdminJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminJson() {
    }

    static ObjectNode bundle(Bundle bundle) {
        ObjectNode item = MAPPER.createObjectNode();
        item.put("symbolicName", bundle.getSymbolicName());
        item.put("version", bundle.getVersion().toString());
        item.put("state", state(bundle.getState()));
        item.put("id", bundle.getBundleId());
        item.put("lastModified", bundle.getLastModified());
        item.put("plugin", Plugins.isPlugin(bundle));
        return item;
    }

    static ObjectNode list(Collection<Bundle> bundles) {
        ObjectNode list = MAPPER.createObjectNode();
        list.put("kind", "BundleList");
        var items = list.putArray("items");
        bundles.forEach(b -> items.add(bundle(b)));
        return list;
    }

    static ObjectNode status(boolean success, int code, String reason, String message) {
        ObjectNode status = MAPPER.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", success ? "Success" : "Failure");
        status.put("message", message);
        if (reason != null) {
            status.put("reason", reason);
        }
        status.put("code", code);
        return status;
    }

    static ObjectNode failure(AdminException e) {
        return status(false, e.code, e.reason, e.getMessage());
    }

    static void write(HttpServletResponse response, int code, ObjectNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        response.setStatus(code);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The OSGi state constant's name, as operators know it from a Felix shell. */
    static String state(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN";
        };
    }
}
