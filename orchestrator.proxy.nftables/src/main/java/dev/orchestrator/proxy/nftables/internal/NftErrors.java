package dev.orchestrator.proxy.nftables.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes nft's error output say which command failed. nft names the line of its input and quotes
 * it, but for one element of a long element list the quote alone does not say which map it was in.
 */
final class NftErrors {

    private static final Pattern LOCATION = Pattern.compile("/dev/stdin:(\\d+):");

    private NftErrors() {
    }

    /** {@code output} followed by, for every line it names, the command that line belongs to. */
    static String explain(String script, String output) {
        List<String> lines = script.lines().toList();
        Set<String> commands = new LinkedHashSet<>();
        Matcher location = LOCATION.matcher(output);
        while (location.find()) {
            int line = Integer.parseInt(location.group(1));
            if (line >= 1 && line <= lines.size()) {
                commands.add("line " + line + " is in: " + commandOf(lines, line - 1));
            }
        }
        return commands.isEmpty() ? output : output + "\n" + String.join("\n", commands);
    }

    /** The first line of the command that contains line {@code index} (element lines are indented). */
    private static String commandOf(List<String> lines, int index) {
        int i = index;
        while (i > 0 && (lines.get(i).startsWith(" ") || lines.get(i).equals("}"))) {
            i--;
        }
        return lines.get(i);
    }
}
