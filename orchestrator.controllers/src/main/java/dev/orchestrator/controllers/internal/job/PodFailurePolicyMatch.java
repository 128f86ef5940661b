package dev.orchestrator.controllers.internal.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a Job's {@code podFailurePolicy} says about one failed pod, by Kubernetes' rules: the first
 * matching rule decides; {@code onExitCodes} looks at terminated containers (init and regular, the
 * named one only when {@code containerName} is set) with a non-zero exit code, {@code In} or
 * {@code NotIn} the values; {@code onPodConditions} at the pod's conditions (status {@code True}
 * unless the pattern says otherwise). No matching rule means {@code Count}, as without a policy.
 */
final class PodFailurePolicyMatch {

    enum Action { FAIL_JOB, IGNORE, COUNT }

    /** The action and, for FailJob, the message of the Job's Failed condition. */
    record Verdict(Action action, String message) {
        static final Verdict COUNT = new Verdict(Action.COUNT, "");
    }

    private PodFailurePolicyMatch() {
    }

    static Verdict of(PodFailurePolicy policy, Pod pod) {
        if (policy == null || pod.getStatus() == null) {
            return Verdict.COUNT;
        }
        List<PodFailurePolicyRule> rules = policy.getRules();
        for (int i = 0; i < rules.size(); i++) {
            PodFailurePolicyRule rule = rules.get(i);
            Optional<String> what = matchExitCodes(rule.getOnExitCodes(), pod).or(() -> matchConditions(rule, pod));
            if (what.isPresent()) {
                Action action = action(rule.getAction());
                String message = what.get() + " matching " + rule.getAction() + " rule at index " + i;
                return new Verdict(action, message);
            }
        }
        return Verdict.COUNT;
    }

    private static Action action(String action) {
        if ("FailJob".equals(action)) {
            return Action.FAIL_JOB;
        }
        // FailIndex needs backoffLimitPerIndex, which this controller does not implement: it counts.
        return "Ignore".equals(action) ? Action.IGNORE : Action.COUNT;
    }

    private static Optional<String> matchExitCodes(PodFailurePolicyOnExitCodesRequirement requirement, Pod pod) {
        if (requirement == null) {
            return Optional.empty();
        }
        List<ContainerStatus> statuses = new ArrayList<>(pod.getStatus().getInitContainerStatuses());
        statuses.addAll(pod.getStatus().getContainerStatuses());
        for (ContainerStatus status : statuses) {
            if (requirement.getContainerName() != null && !requirement.getContainerName().equals(status.getName())) {
                continue;
            }
            if (status.getState() == null || status.getState().getTerminated() == null) {
                continue;
            }
            Integer code = status.getState().getTerminated().getExitCode();
            if (code == null || code == 0) {
                continue; // a container that succeeded never explains a failure
            }
            boolean in = requirement.getValues().contains(code);
            if ("In".equals(requirement.getOperator()) == in) {
                return Optional.of("Container " + status.getName() + " for pod " + key(pod) + " failed with exit code "
                        + code);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> matchConditions(PodFailurePolicyRule rule, Pod pod) {
        for (PodFailurePolicyOnPodConditionsPattern pattern : rule.getOnPodConditions()) {
            String wanted = pattern.getStatus() == null ? "True" : pattern.getStatus();
            for (PodCondition condition : pod.getStatus().getConditions()) {
                if (condition.getType().equals(pattern.getType()) && wanted.equals(condition.getStatus())) {
                    return Optional.of("Pod " + key(pod) + " has condition " + pattern.getType());
                }
            }
        }
        return Optional.empty();
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
