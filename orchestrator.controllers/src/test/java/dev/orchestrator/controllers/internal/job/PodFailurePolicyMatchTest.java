package dev.orchestrator.controllers.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodFailurePolicyMatchTest {

    private static final Job JOB = Jobs.job(1, 1).build();

    private static PodFailurePolicy exitCodes(String action, String container, String operator, Integer... values) {
        return new PodFailurePolicyBuilder().addNewRule().withAction(action).withNewOnExitCodes()
                .withContainerName(container).withOperator(operator).withValues(Arrays.asList(values)).endOnExitCodes()
                .endRule().build();
    }

    @ParameterizedTest(name = "{0} {1} {2} on exit code {3} of main → {4}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "FailJob|null|In|42|FAIL_JOB",
            "FailJob|null|In|41|COUNT",
            "FailJob|main|In|42|FAIL_JOB",
            "FailJob|sidecar|In|42|COUNT",
            "Ignore|null|In|42|IGNORE",
            "Count|null|In|42|COUNT",
            "FailJob|null|NotIn|1|FAIL_JOB",
            "FailJob|null|NotIn|42|COUNT"})
    void exitCodeRules(String action, String container, String operator, int code, String verdict) {
        Pod pod = Jobs.finished(JOB, "p", "Failed", code, "2026-01-01T00:00:00Z");
        PodFailurePolicy policy = exitCodes(action, container, operator, 42);
        assertEquals(verdict, PodFailurePolicyMatch.of(policy, pod).action().name());
    }

    @Test
    void aZeroExitCodeNeverMatchesNotIn() {
        Pod pod = Jobs.finished(JOB, "p", "Failed", 0, "2026-01-01T00:00:00Z");
        assertEquals(PodFailurePolicyMatch.Action.COUNT,
                PodFailurePolicyMatch.of(exitCodes("FailJob", null, "NotIn", 42), pod).action());
    }

    @Test
    void theFirstMatchingRuleDecidesAndSaysWhy() {
        PodFailurePolicy policy = new PodFailurePolicyBuilder()
                .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget").endOnPodCondition().endRule()
                .addNewRule().withAction("FailJob").withNewOnExitCodes().withOperator("In").withValues(List.of(42))
                    .endOnExitCodes().endRule()
                .build();
        Pod failed = Jobs.finished(JOB, "p", "Failed", 42, "2026-01-01T00:00:00Z");
        PodFailurePolicyMatch.Verdict verdict = PodFailurePolicyMatch.of(policy, failed);
        assertEquals(PodFailurePolicyMatch.Action.FAIL_JOB, verdict.action());
        assertEquals("Container main for pod default/p failed with exit code 42 matching FailJob rule at index 1",
                verdict.message());
        Pod disrupted = new PodBuilder(failed).editStatus().addNewCondition().withType("DisruptionTarget").withStatus("True")
                .endCondition().endStatus().build();
        assertEquals(PodFailurePolicyMatch.Action.IGNORE, PodFailurePolicyMatch.of(policy, disrupted).action());
    }

    @Test
    void ignoredFailuresDoNotCountAndFailJobFailsAtOnce() {
        Job ignoring = Jobs.job(1, 1).editSpec().withBackoffLimit(0).withPodFailurePolicy(exitCodes("Ignore", null, "In", 42))
                .endSpec().build();
        JobProgress progress = JobProgress.of(ignoring, List.of(Jobs.finished(ignoring, "p", "Failed", 42, "2026-01-01T00:00:00Z")));
        assertEquals(0, progress.failed());
        Job failing = Jobs.job(1, 1).editSpec().withPodFailurePolicy(exitCodes("FailJob", null, "In", 42)).endSpec().build();
        JobProgress fatal = JobProgress.of(failing, List.of(Jobs.finished(failing, "p", "Failed", 42, "2026-01-01T00:00:00Z")));
        assertEquals("PodFailurePolicy", JobPlan.decide(failing, fatal, java.util.Optional.empty(), java.time.Instant.now(),
                new JobPlan.Backoff(java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(6)))
                .finish().orElseThrow().reason());
    }
}
