package dev.orchestrator.admin.internal;

import jakarta.servlet.Servlet;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * An endpoint of this bundle on the HTTP whiteboard, beside the API server (same HTTP service, so the same
 * address and port; the longer pattern wins over the API server's {@code /*}). Registered by hand rather than
 * as a DS service, so that a component's {@code enabled=false} registers nothing.
 */
final class WhiteboardServlet implements AutoCloseable {

    private final ServiceRegistration<Servlet> registration;

    WhiteboardServlet(BundleContext context, Servlet servlet, String pattern, String name) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, pattern);
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, name);
        this.registration = context.registerService(Servlet.class, servlet, props);
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the stopping bundle
        }
    }
}
