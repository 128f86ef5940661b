package dev.orchestrator.apiserver.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The query of {@code GET pods/{name}/log} (Kubernetes' PodLogOptions), checked as Kubernetes
 * checks it: booleans and integers must parse (400), {@code tailLines} must not be negative,
 * {@code sinceSeconds} and {@code limitBytes} must be positive, and at most one of
 * {@code sinceSeconds} and {@code sinceTime} may be given (422 Invalid).
 */
record PodLogQuery(String container, boolean follow, boolean previous, Map<String, String> kubeletQuery) {

    private static final List<String> BOOLEANS = List.of("follow", "previous", "timestamps");

    static PodLogQuery parse(Function<String, String> parameter, String podName) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String b : BOOLEANS) {
            String v = parameter.apply(b);
            if (v != null && !v.isEmpty()) {
                query.put(b, Boolean.toString(QueryParameters.bool(b, v, false)));
            }
        }
        List<ApiException.Cause> causes = new ArrayList<>();
        number(parameter, "tailLines", 0, "must be greater than or equal to 0", query, causes);
        number(parameter, "sinceSeconds", 1, "must be greater than 0", query, causes);
        number(parameter, "limitBytes", 1, "must be greater than 0", query, causes);
        String sinceTime = parameter.apply("sinceTime");
        if (sinceTime != null && !sinceTime.isEmpty()) {
            try {
                OffsetDateTime.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("sinceTime: parsing time \"" + sinceTime + "\" as RFC3339 failed");
            }
            query.put("sinceTime", sinceTime);
            if (query.containsKey("sinceSeconds")) {
                causes.add(new ApiException.Cause("FieldValueForbidden", "",
                        "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified"));
            }
        }
        if (!causes.isEmpty()) {
            StringBuilder message = new StringBuilder("PodLogOptions \"" + podName + "\" is invalid: ");
            for (int i = 0; i < causes.size(); i++) {
                ApiException.Cause c = causes.get(i);
                message.append(i == 0 ? "" : ", ").append(c.field().isEmpty() ? "" : c.field() + ": ").append(c.message());
            }
            throw ApiException.unprocessable(message.toString());
        }
        String container = parameter.apply("container");
        return new PodLogQuery(container == null ? "" : container, "true".equals(query.get("follow")),
                "true".equals(query.get("previous")), Map.copyOf(query));
    }

    private static void number(Function<String, String> parameter, String name, long min, String rule,
                               Map<String, String> query, List<ApiException.Cause> causes) {
        String value = parameter.apply(name);
        if (value == null || value.isEmpty()) {
            return;
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
        }
        if (n < min) {
            causes.add(new ApiException.Cause("FieldValueInvalid", name, "Invalid value: " + n + ": " + rule));
        }
        query.put(name, Long.toString(n));
    }

    /** The query to send to the kubelet ({@code ?follow=true&...}, or empty). */
    String kubeletQueryString() {
        StringBuilder b = new StringBuilder();
        kubeletQuery.forEach((k, v) -> b.append(b.length() == 0 ? '?' : '&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }
}
