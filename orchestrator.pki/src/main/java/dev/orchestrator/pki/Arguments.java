package dev.orchestrator.pki;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A command and its {@code --name value} options (an option may repeat: --group a --group b). */
record Arguments(String command, Map<String, List<String>> options) {

    static Arguments parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: init|kubeconfig --dir PKI ... (see ./orch help)");
        }
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() < 3) {
                throw new IllegalArgumentException("expected an option, not '" + arg + "'");
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                name = arg.substring(2);
                value = args[++i];
            }
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new Arguments(args[0], options);
    }

    Path dir() {
        return Path.of(required("dir"));
    }

    String required(String name) {
        List<String> values = options.get(name);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(command + " needs --" + name);
        }
        return values.get(values.size() - 1);
    }

    String single(String name, String fallback) {
        List<String> values = options.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(values.size() - 1);
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }
}
