package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueryOnlyRequestTest {

    @Test
    void readsTheQueryAsGoDoesAndNeverAsksTheContainerWhichWouldReadAFormBody() {
        HttpServletRequest request = QueryOnlyRequest.of(request(
                "labelSelector=app%3Dweb%2Ctier+in+(a%2Cb)&watch=1&watch=0&dryRun=All&dryRun=All&empty=&bare"
                        + "&semi;colon=1&&fieldSelector=metadata.name%3Dx"));
        assertEquals("app=web,tier in (a,b)", request.getParameter("labelSelector"));
        assertEquals("1", request.getParameter("watch"), "the first of a repeated name, as url.Values.Get");
        assertArrayEquals(new String[] {"All", "All"}, request.getParameterValues("dryRun"));
        assertEquals("", request.getParameter("empty"));
        assertEquals("", request.getParameter("bare"));
        assertNull(request.getParameter("semi;colon"));
        assertEquals("metadata.name=x", request.getParameter("fieldSelector"));
        assertEquals(List.of("labelSelector", "watch", "dryRun", "empty", "bare", "fieldSelector"),
                Collections.list(request.getParameterNames()));
        assertEquals(0, QueryOnlyRequest.of(request(null)).getParameterMap().size());
    }

    @Test
    void aBrokenEscapeIsA400NamingThePair() {
        ApiException e = assertThrows(ApiException.class,
                () -> QueryOnlyRequest.of(request("labelSelector=%zz&limit=5")).getParameter("limit"));
        assertEquals(400, e.code);
        assertTrue(e.getMessage().contains("labelSelector=%zz"), e.getMessage());
    }

    @Test
    void theQueryIsParsedOncePerRequestHoweverManyReadItsParameters() {
        AtomicInteger reads = new AtomicInteger();
        HttpServletRequest container = request("limit=5", reads);
        assertEquals("5", QueryOnlyRequest.of(container).getParameter("limit")); // the audit filter's wrapper
        assertEquals("5", QueryOnlyRequest.of(container).getParameter("limit")); // the servlet's
        assertEquals(1, reads.get());
    }

    private static HttpServletRequest request(String query) {
        return request(query, new AtomicInteger());
    }

    /**
     * A container's request that has only a query string and attributes; anything else it is asked (its own
     * parameters above all) fails the test.
     */
    private static HttpServletRequest request(String query, AtomicInteger queryReads) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(QueryOnlyRequestTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getQueryString" -> {
                        queryReads.incrementAndGet();
                        yield query;
                    }
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new AssertionError("the container was asked " + method.getName());
                });
    }
}
