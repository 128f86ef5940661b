package dev.orchestrator.apiserver.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request whose parameters are those of its URL's query only, read as Kubernetes reads them (Go's
 * {@code url.ParseQuery}): pairs split at {@code &}, {@code +} and percent escapes decoded, a name holding a
 * {@code ;} left out, repeated names kept in order. A broken escape is a 400, where Go leaves the pair out: a label
 * selector silently dropped would turn a filtered list into a list of everything. The servlet container would also take
 * the fields of a form-encoded body, and checks every POST for one; the API has no form parameters, and its bodies are
 * objects. The audit filter and the servlet both read the query: it is parsed once per request and kept as a request
 * attribute.
 */
final class QueryOnlyRequest extends HttpServletRequestWrapper {

    private static final String PARSED = QueryOnlyRequest.class.getName() + ".parameters";

    private Map<String, String[]> parameters;

    private QueryOnlyRequest(HttpServletRequest request) {
        super(request);
    }

    static HttpServletRequest of(HttpServletRequest request) {
        return request instanceof QueryOnlyRequest ? request : new QueryOnlyRequest(request);
    }

    @Override
    public String getParameter(String name) {
        String[] values = getParameterMap().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = getParameterMap().get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, String[]> getParameterMap() {
        if (parameters == null) {
            Object parsed = getAttribute(PARSED);
            if (parsed instanceof Map<?, ?> map) {
                parameters = (Map<String, String[]>) map;
            } else {
                parameters = Collections.unmodifiableMap(parse(getQueryString()));
                setAttribute(PARSED, parameters);
            }
        }
        return parameters;
    }

    static Map<String, String[]> parse(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair : pair.substring(0, equals);
                if (pair.isEmpty() || key.indexOf(';') >= 0) {
                    continue;
                }
                try {
                    String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                    values.computeIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), k -> new ArrayList<>(1))
                            .add(value);
                } catch (IllegalArgumentException e) {
                    // Go would leave the pair out; a selector or option silently dropped is worse than a 400
                    throw ApiException.badRequest("the query cannot be read: invalid URL escape in \"" + pair + "\"");
                }
            }
        }
        Map<String, String[]> parsed = new LinkedHashMap<>(values.size() * 2);
        values.forEach((name, list) -> parsed.put(name, list.toArray(new String[0])));
        return parsed;
    }
}
