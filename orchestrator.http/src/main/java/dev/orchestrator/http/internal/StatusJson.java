package dev.orchestrator.http.internal;

import java.nio.charset.StandardCharsets;

/** The {@code metav1.Status} bodies this bundle answers with when the API server itself cannot. */
final class StatusJson {

    private StatusJson() {
    }

    static byte[] failure(int code, String message) {
        return ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + quoted(message) + ",\"reason\":\"" + reason(code) + "\",\"code\":" + code + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The reason Kubernetes gives for a code ("" where it has none). */
    static String reason(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 408 -> "Timeout";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            default -> code >= 500 ? "InternalError" : "";
        };
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
