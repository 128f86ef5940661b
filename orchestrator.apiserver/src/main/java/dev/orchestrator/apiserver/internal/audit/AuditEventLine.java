package dev.orchestrator.apiserver.internal.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * One {@code audit.k8s.io/v1} {@code Event} as one line of JSON (ending in a newline), written field by field: every
 * audited request makes one, and building a tree of nodes first and serialising it was half of the audit log's cost
 * on the request thread (perf; the file write under its lock was the other half).
 */
final class AuditEventLine {

    private static final JsonFactory JSON = new ObjectMapper().getFactory();
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * What an event says of its request.
     *
     * @param impersonated the user the request acts as, or null when it acts as {@code user}
     * @param userAgent null when the request had none
     */
    record Request(String uri, UserInfo user, UserInfo impersonated, String sourceIp, String userAgent,
                   RequestAttributes asked) {
    }

    /**
     * What an event says of its answer.
     *
     * @param requestObject the request's body, one JSON object as sent, or null
     * @param responseObject the response's body, one JSON object as sent, or null
     */
    record Outcome(String stage, int code, Instant received, Instant staged, Map<?, ?> annotations,
                   byte[] requestObject, byte[] responseObject) {
    }

    private AuditEventLine() {
    }

    static byte[] write(AuditLevel level, String auditId, Request request, Outcome outcome) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(768);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("kind", "Event");
            g.writeStringField("apiVersion", "audit.k8s.io/v1");
            g.writeStringField("level", level.text());
            g.writeStringField("auditID", auditId);
            g.writeStringField("stage", outcome.stage());
            g.writeStringField("requestURI", request.uri());
            RequestAttributes asked = request.asked();
            g.writeStringField("verb", asked.verb());
            g.writeFieldName("user");
            user(g, request.user());
            if (request.impersonated() != null) {
                g.writeFieldName("impersonatedUser");
                user(g, request.impersonated());
            }
            g.writeArrayFieldStart("sourceIPs");
            g.writeString(request.sourceIp());
            g.writeEndArray();
            if (request.userAgent() != null) {
                g.writeStringField("userAgent", request.userAgent());
            }
            if (asked.resourceRequest()) {
                g.writeObjectFieldStart("objectRef");
                g.writeStringField("resource", asked.resource());
                fieldIfSet(g, "namespace", asked.namespace());
                fieldIfSet(g, "name", asked.name());
                fieldIfSet(g, "apiGroup", asked.apiGroup());
                fieldIfSet(g, "apiVersion", asked.apiVersion());
                fieldIfSet(g, "subresource", asked.subresource());
                g.writeEndObject();
            }
            g.writeObjectFieldStart("responseStatus");
            g.writeObjectFieldStart("metadata");
            g.writeEndObject();
            g.writeNumberField("code", outcome.code());
            g.writeEndObject();
            g.writeStringField("requestReceivedTimestamp", MICROS.format(outcome.received()));
            g.writeStringField("stageTimestamp", MICROS.format(outcome.staged()));
            if (outcome.annotations() != null && !outcome.annotations().isEmpty()) {
                g.writeObjectFieldStart("annotations");
                for (Map.Entry<?, ?> e : outcome.annotations().entrySet()) {
                    g.writeStringField(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                }
                g.writeEndObject();
            }
            copy(g, "requestObject", outcome.requestObject());
            copy(g, "responseObject", outcome.responseObject());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** A body token by token, so that it is one line (what the sender put between tokens goes) without a tree. */
    private static void copy(JsonGenerator g, String field, byte[] object) throws IOException {
        if (object != null) {
            g.writeFieldName(field);
            try (JsonParser parser = AuditFilter.JSON.createParser(object)) {
                parser.nextToken();
                g.copyCurrentStructure(parser);
            }
        }
    }

    private static void user(JsonGenerator g, UserInfo user) throws IOException {
        g.writeStartObject();
        g.writeStringField("username", user.name());
        if (!user.uid().isEmpty()) {
            g.writeStringField("uid", user.uid());
        }
        g.writeArrayFieldStart("groups");
        for (String group : user.groups()) {
            g.writeString(group);
        }
        g.writeEndArray();
        if (!user.extra().isEmpty()) {
            g.writeObjectFieldStart("extra");
            for (Map.Entry<String, List<String>> e : user.extra().entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (String value : e.getValue()) {
                    g.writeString(value);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void fieldIfSet(JsonGenerator g, String field, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(field, value);
        }
    }
}
