package dev.orchestrator.streaming.internal;

/**
 * How an exec or attach session ended, in the words of Kubernetes' streaming protocols: the {@code metav1.Status}
 * of the v4/v5 error channel, or the plain message of v2/v3 (none on success).
 */
record ExecOutcome(int exitCode, String failure) {

    static ExecOutcome exited(int code) {
        return new ExecOutcome(code, null);
    }

    static ExecOutcome failed(String message) {
        return new ExecOutcome(-1, message == null || message.isBlank() ? "the session failed" : message);
    }

    boolean success() {
        return failure == null && exitCode == 0;
    }

    /** The {@code metav1.Status} JSON that kubectl reads from the error stream (v4, v5). */
    String statusJson() {
        if (success()) {
            return "{\"metadata\":{},\"status\":\"Success\"}";
        }
        if (failure == null) {
            return "{\"metadata\":{},\"status\":\"Failure\",\"message\":" + quote(text())
                    + ",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\""
                    + exitCode + "\"}]}}";
        }
        return "{\"metadata\":{},\"status\":\"Failure\",\"message\":" + quote(text())
                + ",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":" + quote(failure)
                + "}]},\"code\":500}";
    }

    /** The message of a failure (v2, v3 write it as it is); empty on success. */
    String text() {
        if (success()) {
            return "";
        }
        return failure == null ? "command terminated with non-zero exit code: exit status " + exitCode
                : "Internal error occurred: " + failure;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
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
