package dev.orchestrator.api.scheduler;

/**
 * The result of a plugin call; its code says what happens to the pod.
 *
 * @param code    the outcome
 * @param message why, in the words the FailedScheduling event shows
 */
public record PluginStatus(Code code, String message) {

    /** Outcomes of a plugin call. */
    public enum Code { SUCCESS, UNSCHEDULABLE, UNRESOLVABLE, ERROR, SKIP, WAIT }

    public static PluginStatus success() {
        return new PluginStatus(Code.SUCCESS, "");
    }

    public static PluginStatus unschedulable(String message) {
        return new PluginStatus(Code.UNSCHEDULABLE, message);
    }
}
