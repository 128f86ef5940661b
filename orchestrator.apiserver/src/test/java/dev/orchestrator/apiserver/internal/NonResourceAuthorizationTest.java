package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.security.RequestIdentity;
import dev.orchestrator.apiserver.internal.auth.RequestUser;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.authz.Decision;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NonResourceAuthorizationTest {

    /** Allows alice {@code get /metrics}, nothing else, and nobody else anything. */
    private final NonResourceAuthorization filter = new NonResourceAuthorization(new RequestAuthorization(
            (user, request) -> user.name().equals("alice") && !request.resourceRequest()
                    && request.verb().equals("get") && request.path().equals("/metrics")
                    ? Decision.allow("metrics reader") : Decision.deny(""), null, null));

    private final AtomicInteger status = new AtomicInteger(200);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final AtomicBoolean passedOn = new AtomicBoolean();

    @Test
    void aUserAllowedGetOnTheUrlGetsThrough() throws Exception {
        filter.doFilter(request("GET", "alice"), response(), (rq, rs) -> passedOn.set(true));
        assertTrue(passedOn.get());
        assertEquals(200, status.get());
    }

    @Test
    void anotherUserOrVerbIsForbiddenInKubernetesWords() throws Exception {
        filter.doFilter(request("GET", "carol"), response(), (rq, rs) -> passedOn.set(true));
        assertFalse(passedOn.get());
        assertEquals(403, status.get());
        String text = body.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\"reason\":\"Forbidden\"") && text.contains("User \\\"carol\\\" cannot get path "
                + "\\\"/metrics\\\""), text);
        body.reset();
        filter.doFilter(request("DELETE", "alice"), response(), (rq, rs) -> passedOn.set(true));
        assertFalse(passedOn.get());
        assertEquals(403, status.get());
    }

    @Test
    void withoutAuthenticationInPlaceNobodyGetsThrough() throws Exception {
        filter.doFilter(request("GET", null), response(), (rq, rs) -> passedOn.set(true));
        assertFalse(passedOn.get());
        assertEquals(503, status.get());
    }

    /** A request for /metrics as authentication leaves it: user in the attributes (none when {@code user} is null). */
    private static HttpServletRequest request(String method, String user) {
        Map<String, Object> attributes = new HashMap<>();
        if (user != null) {
            UserInfo info = new UserInfo(user, "", List.of(UserInfo.AUTHENTICATED), Map.of());
            attributes.put(RequestIdentity.USER, user);
            attributes.put(RequestIdentity.GROUPS, info.groups());
            RequestUser.set(fake(HttpServletRequest.class, (name, args) -> name.equals("setAttribute")
                    ? attributes.put((String) args[0], args[1]) : null), info);
        }
        return fake(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getMethod" -> method;
            case "getRequestURI" -> "/metrics";
            case "getAttribute" -> attributes.get((String) args[0]);
            case "getHeaderNames", "getHeaders" -> Collections.emptyEnumeration();
            default -> null;
        });
    }

    private HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return fake(HttpServletResponse.class, (name, args) -> {
            if (name.equals("setStatus")) {
                status.set((Integer) args[0]);
            }
            return name.equals("getOutputStream") ? out : null;
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T fake(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
