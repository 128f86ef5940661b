package dev.orchestrator.apiserver.internal.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Static bearer tokens, in Kubernetes' token file format: a CSV line per token, {@code token,user,uid} and
 * optionally a quoted, comma-separated group list ({@code "group1,group2"}); blank lines and lines starting with
 * {@code #} are skipped.
 */
final class TokenFile {

    private final Map<String, UserInfo> users;

    private TokenFile(Map<String, UserInfo> users) {
        this.users = users;
    }

    static TokenFile read(Path file) throws IOException {
        Map<String, UserInfo> users = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = csv(line);
            if (fields.size() < 3 || fields.get(0).isEmpty() || fields.get(1).isEmpty()) {
                throw new IOException(file + " line " + (i + 1) + ": expected token,user,uid[,\"group1,group2\"]");
            }
            List<String> groups = new ArrayList<>();
            if (fields.size() > 3) {
                for (String group : fields.get(3).split(",")) {
                    if (!group.isBlank()) {
                        groups.add(group.strip());
                    }
                }
            }
            groups.add(UserInfo.AUTHENTICATED);
            if (users.put(fields.get(0), new UserInfo(fields.get(1), fields.get(2), groups, Map.of())) != null) {
                throw new IOException(file + " line " + (i + 1) + ": the token is listed twice");
            }
        }
        return new TokenFile(users);
    }

    /** The user of a token, or null when the file does not list it. */
    UserInfo user(String token) {
        return users.get(token);
    }

    private static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
