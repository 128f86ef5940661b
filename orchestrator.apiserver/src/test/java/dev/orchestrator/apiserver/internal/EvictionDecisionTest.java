package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The eviction's decision from a budget's status: ignore, unhealthy pods, consume one disruption, refuse. */
class EvictionDecisionTest {

    private static ObjectNode json(String text) {
        return Json.parseObject(text.replace('\'', '"').getBytes(StandardCharsets.UTF_8), false);
    }

    private static ObjectNode budget(int allowed, int current, int desired, long generation, long observed, String policy) {
        return json("{'metadata':{'name':'web','generation':" + generation + "},'spec':{'minAvailable':2"
                + (policy == null ? "" : ",'unhealthyPodEvictionPolicy':'" + policy + "'") + "},'status':{"
                + "'disruptionsAllowed':" + allowed + ",'currentHealthy':" + current + ",'desiredHealthy':" + desired
                + ",'expectedPods':3,'observedGeneration':" + observed + "}}");
    }

    private static ObjectNode pod(String phase, boolean ready, boolean deleting) {
        return json("{'metadata':{'name':'web-1'" + (deleting ? ",'deletionTimestamp':'2026-01-01T00:00:00Z'" : "")
                + "},'status':{'phase':'" + phase + "','conditions':[{'type':'Ready','status':'" + (ready ? "True" : "False")
                + "'}]}}");
    }

    @ParameterizedTest(name = "{0} ready={1} deleting={2} → {3}")
    @CsvSource({"Running,true,false,false", "Running,false,false,false", "Succeeded,false,false,true",
            "Failed,false,false,true", "Pending,false,false,true", "Running,true,true,true"})
    void finishedUnstartedAndDeletedPodsIgnoreBudgets(String phase, boolean ready, boolean deleting, boolean ignores) {
        assertEquals(ignores, EvictionDecision.ignoresBudgets(pod(phase, ready, deleting)));
    }

    @ParameterizedTest(name = "{0} deleting={1} → pinned {2}")
    @CsvSource({"Pending,false,true", "Succeeded,false,false", "Failed,false,false", "Running,true,false"})
    void onlyAPodThatCouldStillBecomeReadyIsPinnedToTheVersionRead(String phase, boolean deleting, boolean pinned) {
        assertEquals(pinned, EvictionDecision.pinsVersion(pod(phase, false, deleting)));
    }

    @ParameterizedTest(name = "ready={0} current={1} desired={2} policy={3} → {4}")
    @CsvSource({"true,3,2,AlwaysAllow,false", "false,1,2,AlwaysAllow,true", "false,2,2,,true",
            "false,2,2,IfHealthyBudget,true", "false,1,2,IfHealthyBudget,false", "false,0,0,IfHealthyBudget,false"})
    void unhealthyPodsGoWhenThePolicyOrAHealthyBudgetLetsThem(boolean ready, int current, int desired, String policy,
                                                                 boolean mayGo) {
        assertEquals(mayGo, EvictionDecision.unhealthyPodMayGo(pod("Running", ready, false),
                budget(0, current, desired, 1, 1, policy)));
    }

    @Test
    void aDisruptionIsTakenAndThePodRecorded() {
        ObjectNode taken = EvictionDecision.consume(budget(2, 3, 1, 1, 1, null), "web-1", "2026-12-03T20:00:00Z");
        assertEquals(1, taken.path("status").path("disruptionsAllowed").asInt());
        assertEquals("2026-12-03T20:00:00Z", taken.path("status").path("disruptedPods").path("web-1").asText());
        assertTrue(taken.path("status").path("conditions").isMissingNode(), "a budget with disruptions left keeps its condition");
    }

    @Test
    void theLastDisruptionTurnsTheConditionFalse() {
        ObjectNode taken = EvictionDecision.consume(budget(1, 3, 2, 1, 1, null), "web-1", "2026-12-03T20:00:00Z");
        assertEquals(0, taken.path("status").path("disruptionsAllowed").asInt());
        ObjectNode condition = (ObjectNode) taken.path("status").path("conditions").get(0);
        assertEquals("DisruptionAllowed", condition.path("type").asText());
        assertEquals("False", condition.path("status").asText());
        assertEquals("InsufficientPods", condition.path("reason").asText());
    }

    @Test
    void noDisruptionLeftIsA429NamingTheBudget() {
        ApiException e = assertThrows(ApiException.class,
                () -> EvictionDecision.consume(budget(0, 2, 2, 1, 1, null), "web-1", "now"));
        assertEquals(429, e.code);
        assertEquals("TooManyRequests", e.reason);
        assertEquals("Cannot evict pod as it would violate the pod's disruption budget.", e.getMessage());
        assertEquals("DisruptionBudget", e.causes.get(0).reason());
        assertNull(e.causes.get(0).field());
        assertEquals("The disruption budget web needs 2 healthy pods and has 2 currently", e.causes.get(0).message());
    }

    @Test
    void aStatusOlderThanTheSpecIsA429UntilTheControllerCatchesUp() {
        ApiException e = assertThrows(ApiException.class,
                () -> EvictionDecision.consume(budget(5, 3, 1, 2, 1, null), "web-1", "now"));
        assertEquals(429, e.code);
        assertEquals(10, e.retryAfterSeconds);
        assertTrue(e.causes.get(0).message().contains("is still being processed by the server"));
    }

    @Test
    void aNegativeBudgetIsForbidden() {
        ApiException e = assertThrows(ApiException.class,
                () -> EvictionDecision.consume(budget(-1, 3, 1, 1, 1, null), "web-1", "now"));
        assertEquals(403, e.code);
        assertFalse(e.getMessage().isEmpty());
    }
}
