package dev.orchestrator.support.cron;

import java.util.Locale;

/**
 * One field of a five-field schedule: comma-separated ranges, each {@code *}, {@code ?}, a value,
 * {@code a-b}, optionally {@code /step}; values by number or, for months and weekdays, by their
 * three-letter English name. Error messages are robfig/cron's.
 */
final class FieldParser {

    private final int min;
    private final int max;
    private final String[] names;
    private boolean star;

    FieldParser(int min, int max, String[] names) {
        this.min = min;
        this.max = max;
        this.names = names;
    }

    /** Whether the field was an unstepped {@code *} or {@code ?} (or a step of 1), which makes the day rule an AND. */
    boolean sawStar() {
        return star;
    }

    long parse(String field) {
        long bits = 0;
        for (String range : field.split(",", -1)) {
            bits |= range(range);
        }
        return bits;
    }

    private long range(String expr) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        int start;
        int end;
        boolean all = false;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = min;
            end = max;
            all = true;
        } else {
            start = value(lowAndHigh[0]);
            if (lowAndHigh.length == 1) {
                end = start;
            } else if (lowAndHigh.length == 2) {
                end = value(lowAndHigh[1]);
            } else {
                throw new IllegalArgumentException("too many hyphens: " + expr);
            }
        }
        int step = 1;
        if (rangeAndStep.length == 2) {
            step = number(rangeAndStep[1]);
            if (single) {
                end = max;
            }
            all = all && step <= 1;
        } else if (rangeAndStep.length > 2) {
            throw new IllegalArgumentException("too many slashes: " + expr);
        }
        check(start, end, step, expr);
        star |= all;
        long bits = 0;
        for (int v = start; v <= end; v += step) {
            bits |= 1L << v;
        }
        return bits;
    }

    private void check(int start, int end, int step, String expr) {
        if (start < min) {
            throw new IllegalArgumentException("beginning of range (" + start + ") below minimum (" + min + "): " + expr);
        }
        if (end > max) {
            throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + max + "): " + expr);
        }
        if (start > end) {
            throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
        }
        if (step == 0) {
            throw new IllegalArgumentException("step of range should be a positive number: " + expr);
        }
    }

    private int value(String text) {
        if (names != null) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (int i = 0; i < names.length; i++) {
                if (!names[i].isEmpty() && names[i].equals(lower)) {
                    return i;
                }
            }
        }
        return number(text);
    }

    private static int number(String text) {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + text + ": strconv.Atoi: parsing \"" + text
                    + "\": invalid syntax");
        }
        if (n < 0) {
            throw new IllegalArgumentException("negative number (" + n + ") not allowed: " + text);
        }
        return n;
    }
}
