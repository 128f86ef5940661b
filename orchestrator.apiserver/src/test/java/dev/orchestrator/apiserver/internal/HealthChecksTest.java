package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The health endpoints in kube-apiserver's words, with a store that can be made to fail. */
class HealthChecksTest {

    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final HealthChecks health = new HealthChecks(() -> {
        if (storeDown.get()) {
            throw new IllegalStateException("the store did not answer within 5 s");
        }
    });

    @Test
    void aHealthyServerAnswersOkAndListsItsChecksWhenAskedVerbose() {
        assertEquals(new HealthChecks.Answer(200, "ok"), health.answer("/readyz", false, List.of()));
        assertEquals(new HealthChecks.Answer(200, "ok"), health.answer("/healthz/", false, List.of()));
        assertEquals(new HealthChecks.Answer(200, "[+]ping ok\n[+]etcd ok\nlivez check passed\n"),
                health.answer("/livez", true, List.of()));
    }

    @Test
    void aFailedCheckIs500WithEveryCheckListedVerboseOrNot() {
        storeDown.set(true);
        HealthChecks.Answer expected = new HealthChecks.Answer(500,
                "[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n");
        assertEquals(expected, health.answer("/readyz", false, List.of()));
        assertEquals(expected, health.answer("/readyz", true, List.of()));
    }

    @Test
    void anExcludedCheckIsNotRunAndAnUnknownExclusionIsWarnedOf() {
        storeDown.set(true);
        assertEquals(new HealthChecks.Answer(200, "[+]ping ok\n[+]etcd excluded: ok\n"
                        + "warn: some health checks cannot be excluded: no matches for \"nope\"\nreadyz check passed\n"),
                health.answer("/readyz", true, List.of("etcd", "nope")));
        assertEquals(new HealthChecks.Answer(200, "ok"), health.answer("/readyz", false, List.of("etcd")));
    }

    @Test
    void aNamedCheckRunsAloneAndAnUnknownNameIsNotFound() {
        assertEquals(new HealthChecks.Answer(200, "ok"), health.answer("/readyz/etcd", false, List.of()));
        assertEquals(new HealthChecks.Answer(200, "ok"), health.answer("/livez/ping/", false, List.of()));
        storeDown.set(true);
        assertEquals(new HealthChecks.Answer(500, "internal server error: the store did not answer within 5 s\n"),
                health.answer("/healthz/etcd", false, List.of()));
        assertNull(health.answer("/readyz/nope", false, List.of()));
    }

    @Test
    void onlyTheThreeEndpointsAreHealthPaths() {
        assertTrue(HealthChecks.serves("/readyz"));
        assertTrue(HealthChecks.serves("/livez/etcd"));
        assertFalse(HealthChecks.serves("/readyzz"));
        assertFalse(HealthChecks.serves("/api/v1/healthz"));
        assertFalse(HealthChecks.serves("/version"));
    }
}
