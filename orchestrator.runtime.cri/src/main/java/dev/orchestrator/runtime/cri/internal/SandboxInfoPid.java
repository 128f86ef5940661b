package dev.orchestrator.runtime.cri.internal;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The pause process id from the verbose reply of CRI {@code PodSandboxStatus}: containerd puts its sandbox
 * record as one JSON object under the key {@code info}, whose top-level {@code pid} is the sandbox's process
 * on the host (0 once it has exited). The record also holds the whole OCI spec, where {@code "pid"} appears
 * as a namespace type, so only a {@code pid} member of the outermost object counts. The bundle carries no
 * JSON library of its own, and one number does not need one.
 */
final class SandboxInfoPid {

    private SandboxInfoPid() {
    }

    /** The pid in the reply's info, empty when there is none (another runtime, or a stopped sandbox). */
    static OptionalLong of(Map<String, String> info) {
        String json = info.get("info");
        return json == null ? OptionalLong.empty() : topLevelPid(json);
    }

    static OptionalLong topLevelPid(String json) {
        int depth = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == '"') {
                int end = stringEnd(json, i);
                if (end < 0) {
                    return OptionalLong.empty();
                }
                int colon = skipSpace(json, end + 1);
                boolean memberName = colon < json.length() && json.charAt(colon) == ':';
                if (depth == 1 && memberName && end == i + 4 && json.startsWith("\"pid\"", i)) {
                    return number(json, skipSpace(json, colon + 1));
                }
                i = end;
            }
        }
        return OptionalLong.empty();
    }

    /** The index of the quote that closes the string opening at {@code start}; -1 if it never closes. */
    private static int stringEnd(String json, int start) {
        for (int i = start + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(String json, int from) {
        int i = from;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The positive integer starting at {@code start}, if that is what comes. */
    private static OptionalLong number(String json, int start) {
        int i = start;
        while (i < json.length() && Character.isDigit(json.charAt(i))) {
            i++;
        }
        if (i == start || i - start > 18) {
            return OptionalLong.empty();
        }
        long pid = Long.parseLong(json.substring(start, i));
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }
}
