package dev.orchestrator.controllers.internal.tainteviction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvictionDeadlineTest {

    private static final Instant ADDED = Instant.parse("2026-12-03T10:00:00Z");
    private static final Taint UNREACHABLE = new TaintBuilder().withKey("node.kubernetes.io/unreachable")
            .withEffect("NoExecute").build();
    private static final Taint DEDICATED = new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoExecute").build();

    private static Toleration tolerate(String key, Long seconds) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(seconds).build();
    }

    private static Optional<Instant> deadline(List<Taint> taints, List<Toleration> tolerations) {
        return EvictionDeadline.of(taints, tolerations, t -> ADDED);
    }

    @Test
    void anUntoleratedTaintEvictsAtOnce() {
        assertEquals(Optional.of(Instant.MIN), deadline(List.of(UNREACHABLE), List.of()));
        assertEquals(Optional.of(Instant.MIN), deadline(List.of(UNREACHABLE, DEDICATED),
                List.of(tolerate("node.kubernetes.io/unreachable", null))));
    }

    @Test
    void aTolerationWithSecondsEvictsWhenTheyRanOut() {
        assertEquals(Optional.of(ADDED.plusSeconds(300)), deadline(List.of(UNREACHABLE),
                List.of(tolerate("node.kubernetes.io/unreachable", 300L))));
        assertEquals(Optional.of(ADDED.plusSeconds(5)), deadline(List.of(UNREACHABLE),
                List.of(tolerate("node.kubernetes.io/unreachable", 300L), tolerate("", 5L))), "the shortest match");
        assertEquals(Optional.of(ADDED), deadline(List.of(UNREACHABLE), List.of(tolerate("node.kubernetes.io/unreachable", -3L))));
    }

    @Test
    void aTolerationWithoutSecondsKeepsThePodForEver() {
        assertEquals(Optional.empty(), deadline(List.of(UNREACHABLE), List.of(tolerate("", null))));
        assertEquals(Optional.empty(), deadline(List.of(new TaintBuilder().withKey("x").withEffect("NoSchedule").build()),
                List.of()), "only NoExecute taints evict");
    }

    @Test
    void theEarliestTaintDecides() {
        assertEquals(Optional.of(ADDED.plusSeconds(10)), deadline(List.of(UNREACHABLE, DEDICATED), List.of(
                tolerate("node.kubernetes.io/unreachable", 60L),
                new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("db")
                        .withEffect("NoExecute").withTolerationSeconds(10L).build())));
    }
}
