package dev.orchestrator.controllers.internal;

import io.fabric8.kubernetes.api.model.IntOrString;

/** An {@code IntOrString} bound (maxSurge, minAvailable, …) as a number of pods, as Kubernetes scales it. */
public final class IntOrPercent {

    private IntOrPercent() {
    }

    /**
     * A number as it is, or a percentage of {@code total} rounded up or down; anything else (the API refuses it)
     * counts as 0, and so does a negative number.
     */
    public static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return Math.max(0, value.getIntVal());
        }
        String text = value.getStrVal();
        if (text == null || !text.endsWith("%")) {
            return 0;
        }
        try {
            long percent = Long.parseLong(text.substring(0, text.length() - 1));
            long scaled = percent * total;
            return (int) Math.max(0, roundUp ? (scaled + 99) / 100 : scaled / 100);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the bound is a percentage ("50%") rather than a number. */
    public static boolean isPercent(IntOrString value) {
        return value != null && value.getIntVal() == null && value.getStrVal() != null;
    }
}
