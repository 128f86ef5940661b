package dev.orchestrator.metrics.internal;

import dev.orchestrator.api.metrics.MetricSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET: every source's metrics as Prometheus text, to loopback clients; 403 to others, 405 for other methods. */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    private final transient Supplier<List<MetricSource>> sources;

    MetricsServlet(Supplier<List<MetricSource>> sources) {
        this.sources = sources;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!LoopbackOnly.allows(request.getRemoteAddr())) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "the metrics endpoint answers loopback clients only");
            return;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        String text = PrometheusText.write(sources.get(), (source, e) ->
                LOG.warn("metric source failed source={} error={}", source.getClass().getName(), e.toString()));
        response.setContentType(PrometheusText.CONTENT_TYPE);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        if ("GET".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }
}
