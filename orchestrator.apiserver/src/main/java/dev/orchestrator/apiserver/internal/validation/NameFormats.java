package dev.orchestrator.apiserver.internal.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The string formats of Kubernetes ({@code k8s.io/apimachinery/pkg/util/validation}): DNS-1123 and
 * DNS-1035 names, qualified names, label values, port names, config keys, environment variable
 * names. Each check returns the problems in Kubernetes' wording, empty when the value is valid.
 */
public final class NameFormats {

    private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
    private static final String DNS1035_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String QUALIFIED_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_FMT + ")?";
    private static final String CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
    private static final Pattern LABEL = Pattern.compile(LABEL_FMT);
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);
    private static final Pattern DNS1035 = Pattern.compile(DNS1035_FMT);
    private static final Pattern QUALIFIED = Pattern.compile(QUALIFIED_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FMT);
    private static final Pattern PORT_NAME_CHARS = Pattern.compile("[-a-z0-9]+");

    private NameFormats() {
    }

    static String maxLength(int max) {
        return "must be no more than " + max + " characters";
    }

    private static String regexError(String what, String fmt, String... examples) {
        StringBuilder b = new StringBuilder(what);
        if (examples.length > 0) {
            b.append(" (e.g. ");
            for (int i = 0; i < examples.length; i++) {
                b.append(i == 0 ? "" : ",  or ").append('\'').append(examples[i]).append('\'');
            }
            b.append(", regex used for validation is '").append(fmt).append("')");
        }
        return b.toString();
    }

    public static List<String> dns1123Label(String value) {
        List<String> problems = new ArrayList<>();
        if (value.length() > 63) {
            problems.add(maxLength(63));
        }
        if (!LABEL.matcher(value).matches()) {
            problems.add(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
                    + "or '-', and must start and end with an alphanumeric character", LABEL_FMT, "my-name", "123-abc"));
        }
        return problems;
    }

    public static List<String> dns1123Subdomain(String value) {
        List<String> problems = new ArrayList<>();
        if (value.length() > 253) {
            problems.add(maxLength(253));
        }
        if (!SUBDOMAIN.matcher(value).matches()) {
            problems.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    + "characters, '-' or '.', and must start and end with an alphanumeric character", SUBDOMAIN_FMT,
                    "example.com"));
        }
        return problems;
    }

    public static List<String> dns1035Label(String value) {
        List<String> problems = new ArrayList<>();
        if (value.length() > 63) {
            problems.add(maxLength(63));
        }
        if (!DNS1035.matcher(value).matches()) {
            problems.add(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                    + "start with an alphabetic character, and end with an alphanumeric character", DNS1035_FMT,
                    "my-name", "abc-123"));
        }
        return problems;
    }

    /** A name that is one segment of a URL path: not "." or "..", no "/" or "%". */
    public static List<String> pathSegmentName(String value) {
        List<String> problems = new ArrayList<>();
        if (value.equals(".") || value.equals("..")) {
            problems.add("may not be '" + value + "'");
        }
        for (String forbidden : new String[] {"/", "%"}) {
            if (value.contains(forbidden)) {
                problems.add("may not contain '" + forbidden + "'");
            }
        }
        return problems;
    }

    /** A label key, annotation key or finalizer: an optional DNS subdomain prefix and '/', then a name. */
    public static List<String> qualifiedName(String value) {
        List<String> problems = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                problems.add("prefix part must be non-empty");
            } else {
                dns1123Subdomain(prefix).forEach(p -> problems.add("prefix part " + p));
            }
        } else {
            problems.add(regexError("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and "
                    + "must start and end with an alphanumeric character", QUALIFIED_FMT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return problems;
        }
        if (name.isEmpty()) {
            problems.add("name part must be non-empty");
        } else if (name.length() > 63) {
            problems.add("name part " + maxLength(63));
        }
        if (!QUALIFIED.matcher(name).matches()) {
            problems.add("name part " + regexError("must consist of alphanumeric characters, '-', '_' or '.', and "
                    + "must start and end with an alphanumeric character", QUALIFIED_FMT, "MyName", "my.name", "123-abc"));
        }
        return problems;
    }

    public static List<String> labelValue(String value) {
        List<String> problems = new ArrayList<>();
        if (value.length() > 63) {
            problems.add(maxLength(63));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            problems.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, "
                    + "'-', '_' or '.', and must start and end with an alphanumeric character", LABEL_VALUE_FMT,
                    "MyValue", "my_value", "12345"));
        }
        return problems;
    }

    /** An IANA_SVC_NAME: a port name of a container, or a named target port. */
    public static List<String> portName(String value) {
        List<String> problems = new ArrayList<>();
        if (value.length() > 15) {
            problems.add(maxLength(15));
        }
        if (!PORT_NAME_CHARS.matcher(value).matches()) {
            problems.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (value.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            problems.add("must contain at least one letter (a-z)");
        }
        if (value.contains("--")) {
            problems.add("must not contain consecutive hyphens");
        }
        if (!value.isEmpty() && (value.startsWith("-") || value.endsWith("-"))) {
            problems.add("must not begin or end with a hyphen");
        }
        return problems;
    }

    /** A key of ConfigMap or Secret data (also a file name when mounted). */
    public static List<String> configKey(String value) {
        List<String> problems = new ArrayList<>();
        if (value.length() > 253) {
            problems.add(maxLength(253));
        }
        if (!CONFIG_KEY.matcher(value).matches()) {
            problems.add(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
        }
        if (value.equals(".")) {
            problems.add("must not be '.'");
        } else if (value.equals("..")) {
            problems.add("must not be '..'");
        } else if (value.startsWith("..")) {
            problems.add("must not start with '..'");
        }
        return problems;
    }

    /**
     * An environment variable name as current Kubernetes accepts it (RelaxedEnvironmentVariableValidation,
     * on by default since 1.32): printable ASCII other than '='.
     */
    public static List<String> envVarName(String value) {
        for (char c : value.toCharArray()) {
            if (c < ' ' || c > '~' || c == '=') {
                return List.of("a valid environment variable name must consist only of printable ASCII characters "
                        + "other than '='");
            }
        }
        return List.of();
    }

    /** The problems of a name prefix ({@code generateName}): a trailing '-' is allowed there. */
    public static String maskTrailingDash(String prefix) {
        return prefix.length() > 1 && prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) + "a" : prefix;
    }
}
