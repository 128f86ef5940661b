package dev.orchestrator.apiserver.internal.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
    static final JsonFactory JSON = JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

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
            UserInfo actual = RequestUser.of(request);
            String query = request.getQueryString();
            AuditEventLine.Request about = new AuditEventLine.Request(
                    request.getRequestURI() + (query == null ? "" : "?" + query), user,
                    actual.equals(user) ? null : actual, request.getRemoteAddr(), request.getHeader("User-Agent"), asked);
            AuditEventLine.Outcome outcome = new AuditEventLine.Outcome(started ? "ResponseStarted" : "ResponseComplete",
                    response.getStatus(), received, clock.instant(),
                    request.getAttribute(ANNOTATIONS_ATTRIBUTE) instanceof Map<?, ?> annotations ? annotations : null,
                    capturedRequest == null ? null : object(capturedRequest.copy.bytes(), request.getContentType()),
                    capturedResponse == null || started ? null
                            : object(capturedResponse.copy.bytes(), response.getContentType()));
            log.write(AuditEventLine.write(level, auditId(), about, outcome));
        }
    }

    /**
     * A random (version 4) UUID from the request thread's own generator: an audit ID must be unique, not secret, and
     * {@link UUID#randomUUID()}'s SecureRandom is one lock that every request thread would take.
     */
    static String auditId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /**
     * A JSON object's body as sent, or null: protobuf, YAML, text, empty, oversized and malformed bodies (and JSON
     * that is not one object) are left out. Checked token by token without building it, since the event copies it
     * the same way ({@link AuditEventLine}): a tree of the pod only to write it again cost more than the rest of the
     * event.
     */
    static byte[] object(byte[] body, String contentType) {
        if (body == null || body.length == 0 || contentType == null || !contentType.contains("json")) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            parser.skipChildren();
            return parser.nextToken() == null ? body : null;
        } catch (IOException e) {
            return null;
        }
    }
}
