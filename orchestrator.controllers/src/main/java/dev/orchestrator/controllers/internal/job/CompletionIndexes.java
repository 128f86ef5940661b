package dev.orchestrator.controllers.internal.job;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The completed indexes of an Indexed Job in the form Kubernetes writes to
 * {@code status.completedIndexes}: sorted, consecutive runs folded into ranges ("0-2,4,6-7").
 * The status is the controller's memory of which indexes are done (a succeeded pod may be deleted
 * by hand later), so parsing must accept whatever an earlier write produced.
 */
final class CompletionIndexes {

    private CompletionIndexes() {
    }

    static String format(Collection<Integer> indexes) {
        StringBuilder out = new StringBuilder();
        Integer runStart = null;
        Integer previous = null;
        for (int index : new TreeSet<>(indexes)) {
            if (previous != null && index == previous + 1) {
                previous = index;
                continue;
            }
            appendRun(out, runStart, previous);
            runStart = index;
            previous = index;
        }
        appendRun(out, runStart, previous);
        return out.toString();
    }

    private static void appendRun(StringBuilder out, Integer start, Integer end) {
        if (start == null) {
            return;
        }
        if (!out.isEmpty()) {
            out.append(',');
        }
        out.append(start);
        if (!start.equals(end)) {
            out.append('-').append(end);
        }
    }

    /** The indexes of a "0-2,4" string below {@code limit}; malformed parts are skipped (never trusted more than pods). */
    static SortedSet<Integer> parse(String text, int limit) {
        SortedSet<Integer> indexes = new TreeSet<>();
        if (text == null || text.isBlank()) {
            return indexes;
        }
        for (String part : text.split(",")) {
            String[] bounds = part.trim().split("-", 2);
            try {
                int from = Integer.parseInt(bounds[0].trim());
                int to = bounds.length == 2 ? Integer.parseInt(bounds[1].trim()) : from;
                for (int i = Math.max(0, from); i <= to && i < limit; i++) {
                    indexes.add(i);
                }
            } catch (NumberFormatException e) {
                // an index string this controller did not write: ignore the part, the pods still count
            }
        }
        return indexes;
    }
}
