package dev.orchestrator.apiserver.internal.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath dialect of a CRD's {@code additionalPrinterColumns} and scale paths, in the subset those use:
 * field steps ({@code .spec.replicas}, {@code ['a.b']}), indexes ({@code [0]}, {@code [-1]}), all elements
 * ({@code [*]}) and equality filters ({@code [?(@.type=="Ready")]}, one field path compared to a string,
 * number or boolean). Written here rather than taken from com.jayway.jsonpath: that library speaks another
 * dialect (no Kubernetes {@code {}} template semantics, filters differ in detail) and would bring
 * json-smart, accessors-smart and ASM into the Felix runtime for a few dozen lines of evaluation.
 */
public final class PrinterPath {

    private final List<Step> steps;

    private PrinterPath(List<Step> steps) {
        this.steps = steps;
    }

    /** Whether {@code path} is in the supported subset (it must start with a field step). */
    public static boolean valid(String path) {
        try {
            parse(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** @throws IllegalArgumentException when {@code path} is not in the supported subset */
    public static PrinterPath parse(String path) {
        String p = path.strip();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1).strip();
        }
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        if (!p.startsWith(".") || p.equals(".")) {
            throw new IllegalArgumentException("a path starts with a field: " + path);
        }
        return new PrinterPath(new Parser(p).steps());
    }

    /** Every value the path reaches in {@code root}, in document order; empty when none. */
    public List<JsonNode> find(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                step.apply(node, next);
            }
            current = next;
        }
        return current;
    }

    /** The field names of a plain field path ({@code .spec.replicas} → spec, replicas); null when not plain. */
    public List<String> fields() {
        List<String> names = new ArrayList<>();
        for (Step s : steps) {
            if (!(s instanceof Field f)) {
                return null;
            }
            names.add(f.name);
        }
        return names;
    }

    private interface Step {
        void apply(JsonNode node, List<JsonNode> out);
    }

    private record Field(String name) implements Step {
        public void apply(JsonNode node, List<JsonNode> out) {
            JsonNode v = node.get(name);
            if (v != null && !v.isNull()) {
                out.add(v);
            }
        }
    }

    private record Index(int index) implements Step {
        public void apply(JsonNode node, List<JsonNode> out) {
            if (node.isArray()) {
                int i = index < 0 ? node.size() + index : index;
                if (i >= 0 && i < node.size()) {
                    out.add(node.get(i));
                }
            }
        }
    }

    private record All() implements Step {
        public void apply(JsonNode node, List<JsonNode> out) {
            if (node.isArray() || node.isObject()) {
                node.forEach(out::add);
            }
        }
    }

    /** {@code [?(@.a.b=="x")]}: the elements whose field path holds the value. */
    private record Filter(List<String> fields, String value, boolean quoted) implements Step {
        public void apply(JsonNode node, List<JsonNode> out) {
            if (!node.isArray()) {
                return;
            }
            for (JsonNode element : node) {
                JsonNode v = element;
                for (String f : fields) {
                    v = v.path(f);
                }
                if (v.isValueNode() && (quoted ? v.isTextual() : !v.isTextual()) && v.asText().equals(value)) {
                    out.add(element);
                }
            }
        }
    }

    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '.') {
                    at++;
                    steps.add(new Field(name()));
                } else if (c == '[') {
                    steps.add(bracket());
                } else {
                    throw new IllegalArgumentException("unexpected '" + c + "' at " + at + " in " + text);
                }
            }
            return steps;
        }

        private String name() {
            int start = at;
            while (at < text.length() && text.charAt(at) != '.' && text.charAt(at) != '[') {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("empty field name at " + start + " in " + text);
            }
            return text.substring(start, at);
        }

        private Step bracket() {
            int end = text.indexOf(']', at);
            if (text.startsWith("[?(", at)) {
                end = text.indexOf(")]", at);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed filter in " + text);
                }
                Step filter = filter(text.substring(at + 3, end).strip());
                at = end + 2;
                return filter;
            }
            if (end < 0) {
                throw new IllegalArgumentException("unclosed [ in " + text);
            }
            String inside = text.substring(at + 1, end).strip();
            at = end + 1;
            if (inside.equals("*")) {
                return new All();
            }
            if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                    || inside.startsWith("\"") && inside.endsWith("\""))) {
                return new Field(inside.substring(1, inside.length() - 1));
            }
            try {
                return new Index(Integer.parseInt(inside));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unsupported [" + inside + "] in " + text);
            }
        }

        private static Step filter(String expression) {
            int eq = expression.indexOf("==");
            if (!expression.startsWith("@.") || eq < 0) {
                throw new IllegalArgumentException("unsupported filter " + expression);
            }
            List<String> fields = List.of(expression.substring(2, eq).strip().split("\\."));
            String value = expression.substring(eq + 2).strip();
            boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"));
            return new Filter(fields, quoted ? value.substring(1, value.length() - 1) : value, quoted);
        }
    }
}
