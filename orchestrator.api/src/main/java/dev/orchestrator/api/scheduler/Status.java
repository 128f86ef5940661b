package dev.orchestrator.api.scheduler;

import java.util.List;

/**
 * What a plugin answers. The code decides what happens to the pod; the reasons are shown to
 * users, aggregated over nodes, in the FailedScheduling event ("3 Insufficient cpu").
 *
 * @param code    the outcome
 * @param reasons short, node-independent reasons (may be empty)
 */
public record Status(Code code, List<String> reasons) {

    /** Outcomes of a plugin call. */
    public enum Code {
        /** The step passed. */
        SUCCESS,
        /** The pod does not fit here now; another node or a later cluster change may help. */
        UNSCHEDULABLE,
        /** The pod can never fit this node whatever changes elsewhere (e.g. a nodeSelector); preemption will not help. */
        UNSCHEDULABLE_AND_UNRESOLVABLE,
        /** The plugin failed; the pod is retried with back-off. */
        ERROR,
        /** The plugin has nothing to do for this pod; its later steps are skipped for this cycle. */
        SKIP,
        /** Permit only: not yet; ask again until the plugin's wait timeout. */
        WAIT
    }

    private static final Status SUCCESS = new Status(Code.SUCCESS, List.of());
    private static final Status SKIP = new Status(Code.SKIP, List.of());
    private static final Status WAIT = new Status(Code.WAIT, List.of());

    public Status {
        reasons = List.copyOf(reasons);
    }

    public static Status success() {
        return SUCCESS;
    }

    public static Status skip() {
        return SKIP;
    }

    public static Status waiting() {
        return WAIT;
    }

    public static Status unschedulable(String reason) {
        return new Status(Code.UNSCHEDULABLE, List.of(reason));
    }

    public static Status unresolvable(String reason) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reason));
    }

    public static Status error(String reason) {
        return new Status(Code.ERROR, List.of(reason));
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    /** @return whether the pod was turned away (unschedulable, with or without hope) */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** @return the reasons joined for a message */
    public String message() {
        return String.join(", ", reasons);
    }
}
