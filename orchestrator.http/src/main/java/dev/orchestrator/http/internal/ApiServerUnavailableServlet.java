package dev.orchestrator.http.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Registered on {@code /*} with the lowest ranking: the API server's servlet shadows it while
 * present. When the API server is away (its bundle being updated, or its store missing),
 * requests get a {@code metav1.Status} 503 with Retry-After, which clients retry, instead of
 * a bare 404 that they would believe.
 */
@Component(service = Servlet.class, property = "service.ranking:Integer=-2147483648")
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName("orchestrator-apiserver-unavailable")
public final class ApiServerUnavailableServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final byte[] BODY = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"the API server is not available right now (starting, or being updated); retry shortly\","
            + "\"reason\":\"ServiceUnavailable\",\"code\":503}").getBytes(StandardCharsets.UTF_8);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.getInputStream().readAllBytes();
        response.setStatus(503);
        response.setHeader("Retry-After", "1");
        response.setContentType("application/json");
        response.setContentLength(BODY.length);
        response.getOutputStream().write(BODY);
    }
}
