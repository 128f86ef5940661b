package dev.orchestrator.apiserver.internal;

import java.util.regex.Pattern;

/** The name rules of Kubernetes (DNS-1123 label and subdomain, label keys and values). */
final class Names {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private Names() {
    }

    /** @return why {@code name} is not a DNS-1123 label, or null when it is one */
    static String labelProblem(String name) {
        if (name.length() > 63) {
            return "must be no more than 63 characters";
        }
        if (!LABEL.matcher(name).matches()) {
            return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                    + "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                    + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
        }
        return null;
    }

    /** @return why {@code name} is not a DNS-1123 subdomain, or null when it is one */
    static String subdomainProblem(String name) {
        if (name.length() > 253) {
            return "must be no more than 253 characters";
        }
        if (!SUBDOMAIN.matcher(name).matches()) {
            return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                    + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        }
        return null;
    }

    /** @return why {@code key} is not a valid label or annotation key, or null */
    static String qualifiedNameProblem(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || subdomainProblem(prefix) != null) {
                return "prefix part must be a DNS-1123 subdomain";
            }
        }
        if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                    + "an alphanumeric character, at most 63 characters";
        }
        return null;
    }

    /** @return why {@code value} is not a valid label value, or null */
    static String labelValueProblem(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > 63 || !LABEL_NAME.matcher(value).matches()) {
            return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character, at most 63 characters";
        }
        return null;
    }
}
