package dev.orchestrator.apiserver.internal;

import dev.orchestrator.apiserver.internal.validation.NameFormats;
import java.util.List;

/** The name rules of Kubernetes as one-line problems, for request parameters and selectors. */
final class Names {

    private Names() {
    }

    /** @return why {@code name} is not a DNS-1123 label, or null when it is one */
    static String labelProblem(String name) {
        return joined(NameFormats.dns1123Label(name));
    }

    /** @return why {@code name} is not a DNS-1123 subdomain, or null when it is one */
    static String subdomainProblem(String name) {
        return joined(NameFormats.dns1123Subdomain(name));
    }

    /** @return why {@code key} is not a valid label or annotation key, or null */
    static String qualifiedNameProblem(String key) {
        return joined(NameFormats.qualifiedName(key));
    }

    /** @return why {@code value} is not a valid label value, or null */
    static String labelValueProblem(String value) {
        return joined(NameFormats.labelValue(value));
    }

    private static String joined(List<String> problems) {
        return problems.isEmpty() ? null : String.join(", ", problems);
    }
}
