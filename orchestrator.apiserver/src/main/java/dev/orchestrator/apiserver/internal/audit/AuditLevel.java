package dev.orchestrator.apiserver.internal.audit;

/** How much of a request the audit log keeps, as in Kubernetes' audit policy (each level includes the one before). */
public enum AuditLevel {
    NONE("None"), METADATA("Metadata"), REQUEST("Request"), REQUEST_RESPONSE("RequestResponse");

    private final String text;

    AuditLevel(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    boolean atLeast(AuditLevel other) {
        return compareTo(other) >= 0;
    }

    static AuditLevel parse(String text, String field) {
        for (AuditLevel level : values()) {
            if (level.text.equals(text)) {
                return level;
            }
        }
        throw new IllegalArgumentException(field + ": Unsupported value: \"" + text
                + "\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"");
    }
}
