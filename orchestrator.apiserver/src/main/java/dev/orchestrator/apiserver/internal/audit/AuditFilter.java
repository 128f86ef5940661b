package dev.orchestrator.apiserver.internal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.auth.RequestUser;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs after authentication, before every servlet: asks the policy how much of the request to keep and writes one
 * {@code audit.k8s.io/v1} {@code Event} when the answer is complete ({@code ResponseComplete}), or, for a watch or
 * another request that goes on asynchronously, when its answer has started ({@code ResponseStarted}).
 */
public final class AuditFilter implements Filter {

    /**
     * Request attribute: a {@code Map<String, String>} of annotations for the request's event, which the API
     * server's admission plugins leave (Pod Security's audit mode).
     */
    public static final String ANNOTATIONS_ATTRIBUTE = "dev.orchestrator.apiserver.audit.annotations";

    /** Reads request and response bodies without a shared field-name table, as the API server's readers do (Json). */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build());
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final AuditPolicy policy;
    private final AuditLog log;
    private final Function<HttpServletRequest, RequestAttributes> attributes;
    private final Clock clock;

    public AuditFilter(AuditPolicy policy, AuditLog log, Function<HttpServletRequest, RequestAttributes> attributes, Clock clock) {
        this.policy = policy;
        this.log = log;
        this.attributes = attributes;
        this.clock = clock;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        UserInfo user = RequestUser.of(request);
        RequestAttributes asked;
        try {
            asked = attributes.apply(request);
        } catch (RuntimeException e) {
            chain.doFilter(request, response); // the API answers the malformed request itself
            return;
        }
        AuditLevel level = policy.levelFor(user, asked);
        if (level == AuditLevel.NONE) {
            chain.doFilter(request, response);
            return;
        }
        Instant received = clock.instant();
        BodyCapture.Request capturedRequest = level.atLeast(AuditLevel.REQUEST) ? new BodyCapture.Request(request) : null;
        BodyCapture.Response capturedResponse = level == AuditLevel.REQUEST_RESPONSE && !"watch".equals(asked.verb())
                ? new BodyCapture.Response(response) : null;
        try {
            chain.doFilter(capturedRequest != null ? capturedRequest : request, capturedResponse != null ? capturedResponse : response);
        } finally {
            boolean started = request.isAsyncStarted();
            ObjectNode event = event(request, user, asked, level, received, started ? "ResponseStarted" : "ResponseComplete",
                    response.getStatus());
            if (capturedRequest != null) {
                object(capturedRequest.copy.bytes(), request.getContentType()).ifPresent(o -> event.set("requestObject", o));
            }
            if (capturedResponse != null && !started) {
                object(capturedResponse.copy.bytes(), response.getContentType()).ifPresent(o -> event.set("responseObject", o));
            }
            log.write(JSON.writeValueAsBytes(event));
        }
    }

    private ObjectNode event(HttpServletRequest request, UserInfo authenticated, RequestAttributes asked, AuditLevel level,
                             Instant received, String stage, int code) {
        ObjectNode event = JSON.createObjectNode();
        event.put("kind", "Event");
        event.put("apiVersion", "audit.k8s.io/v1");
        event.put("level", level.text());
        event.put("auditID", UUID.randomUUID().toString());
        event.put("stage", stage);
        String query = request.getQueryString();
        event.put("requestURI", request.getRequestURI() + (query == null ? "" : "?" + query));
        event.put("verb", asked.verb());
        event.set("user", user(authenticated));
        UserInfo actual = RequestUser.of(request);
        if (!actual.equals(authenticated)) {
            event.set("impersonatedUser", user(actual));
        }
        event.putArray("sourceIPs").add(request.getRemoteAddr());
        if (request.getHeader("User-Agent") != null) {
            event.put("userAgent", request.getHeader("User-Agent"));
        }
        if (asked.resourceRequest()) {
            ObjectNode ref = event.putObject("objectRef");
            ref.put("resource", asked.resource());
            putIfSet(ref, "namespace", asked.namespace());
            putIfSet(ref, "name", asked.name());
            putIfSet(ref, "apiGroup", asked.apiGroup());
            putIfSet(ref, "apiVersion", asked.apiVersion());
            putIfSet(ref, "subresource", asked.subresource());
        }
        ObjectNode status = event.putObject("responseStatus");
        status.putObject("metadata");
        status.put("code", code);
        event.put("requestReceivedTimestamp", MICROS.format(received));
        event.put("stageTimestamp", MICROS.format(clock.instant()));
        if (request.getAttribute(ANNOTATIONS_ATTRIBUTE) instanceof java.util.Map<?, ?> annotations
                && !annotations.isEmpty()) {
            ObjectNode node = event.putObject("annotations");
            annotations.forEach((k, v) -> node.put(String.valueOf(k), String.valueOf(v)));
        }
        return event;
    }

    private static ObjectNode user(UserInfo user) {
        ObjectNode node = JSON.createObjectNode();
        node.put("username", user.name());
        if (!user.uid().isEmpty()) {
            node.put("uid", user.uid());
        }
        ArrayNode groups = node.putArray("groups");
        user.groups().forEach(groups::add);
        if (!user.extra().isEmpty()) {
            ObjectNode extra = node.putObject("extra");
            for (Map.Entry<String, List<String>> e : user.extra().entrySet()) {
                ArrayNode values = extra.putArray(e.getKey());
                e.getValue().forEach(values::add);
            }
        }
        return node;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }

    /** A JSON body as an object; protobuf, YAML, text, empty and oversized bodies are left out. */
    private static java.util.Optional<JsonNode> object(byte[] body, String contentType) {
        if (body == null || body.length == 0 || contentType == null || !contentType.contains("json")) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? java.util.Optional.of(node) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
