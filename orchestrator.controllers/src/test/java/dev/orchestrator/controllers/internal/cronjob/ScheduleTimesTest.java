package dev.orchestrator.controllers.internal.cronjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.support.cron.CronSchedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTimesTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static ScheduleTimes.Missed missed(String schedule, String earliest, String now, ZoneId zone) {
        return ScheduleTimes.mostRecent(CronSchedule.parse(schedule), Instant.parse(earliest), Instant.parse(now), zone);
    }

    /** 2026-01-02 is a Friday. */
    @ParameterizedTest(name = "{0}: {1} .. {2}")
    @CsvSource(delimiter = '|', value = {
            "*/1 * * * *|2026-01-01T00:00:30Z|2026-01-01T00:00:59Z|-|0",
            "*/1 * * * *|2026-01-01T00:00:30Z|2026-01-01T00:01:00Z|2026-01-01T00:01:00Z|1",
            "*/1 * * * *|2026-01-01T00:00:30Z|2026-01-01T00:01:30Z|2026-01-01T00:01:00Z|1",
            "*/1 * * * *|2026-01-01T00:01:00Z|2026-01-01T00:05:10Z|2026-01-01T00:05:00Z|4",
            "0 * * * *|2026-01-01T00:00:00Z|2026-01-05T09:30:00Z|2026-01-05T09:00:00Z|105",
            "*/1 * * * *|2016-01-01T00:00:00Z|2026-01-01T00:00:30Z|2026-01-01T00:00:00Z|5260320",
            // weekdays only: the gap Friday..Monday is longer than the one the estimate sees
            "0 9 * * 1-5|2026-01-01T10:00:00Z|2026-01-05T08:00:00Z|2026-01-02T09:00:00Z|1",
            "0 9 * * 1-5|2025-12-01T10:00:00Z|2026-01-05T08:00:00Z|2026-01-02T09:00:00Z|34"})
    void theMostRecentRunSinceTheLastOne(String schedule, String earliest, String now, String expected, long count) {
        ScheduleTimes.Missed m = missed(schedule, earliest, now, UTC);
        assertEquals(expected.equals("-") ? Optional.empty() : Optional.of(Instant.parse(expected)),
                m.mostRecent().map(t -> t.toInstant()));
        assertEquals(count, m.missed());
    }

    @Test
    void moreThanAHundredMissedRunsAreTooMany() {
        assertTrue(missed("0 * * * *", "2026-01-01T00:00:00Z", "2026-01-05T09:30:00Z", UTC).tooMany());
        assertFalse(missed("0 * * * *", "2026-01-01T00:00:00Z", "2026-01-05T03:30:00Z", UTC).tooMany());
    }

    @Test
    void theRunIsDueOnTheClockOfTheCronJobsZone() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo"); // UTC+9, no daylight saving
        ScheduleTimes.Missed m = missed("0 9 * * *", "2026-01-01T00:30:00Z", "2026-01-02T00:30:00Z", tokyo);
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), m.mostRecent().orElseThrow().toInstant());
        assertEquals("2026-01-02T09:00+09:00[Asia/Tokyo]", m.mostRecent().orElseThrow().toString());
    }

    @Test
    void theSpringJumpSkipsARunAndTheAutumnJumpRepeatsOne() {
        ZoneId newYork = ZoneId.of("America/New_York");
        // 02:30 does not exist on 2026-03-08: the run due by the evening is the one of 03-07
        assertEquals(Instant.parse("2026-03-07T07:30:00Z"), missed("30 2 * * *", "2026-03-07T00:00:00Z",
                "2026-03-08T23:00:00Z", newYork).mostRecent().orElseThrow().toInstant());
        // 01:30 comes twice on 2026-11-01 (05:30 and 06:30 UTC): after the first, the second is due
        assertEquals(Instant.parse("2026-11-01T06:30:00Z"), missed("30 1 * * *", "2026-11-01T05:30:00Z",
                "2026-11-01T06:45:00Z", newYork).mostRecent().orElseThrow().toInstant());
    }

    @Test
    void theStartingDeadlineMovesTheEarliestTimeUp() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        assertEquals(created, ScheduleTimes.earliest(created, Optional.empty(), Optional.empty(), now));
        assertEquals(Instant.parse("2026-01-01T09:00:00Z"),
                ScheduleTimes.earliest(created, Optional.of(Instant.parse("2026-01-01T09:00:00Z")), Optional.empty(), now));
        assertEquals(Instant.parse("2026-01-01T09:59:00Z"),
                ScheduleTimes.earliest(created, Optional.of(Instant.parse("2026-01-01T09:00:00Z")), Optional.of(60L), now));
        assertEquals(Instant.parse("2026-01-01T09:00:00Z"),
                ScheduleTimes.earliest(created, Optional.of(Instant.parse("2026-01-01T09:00:00Z")), Optional.of(7200L), now));
    }

    @Test
    void theNextRunIsStrictlyAfterNow() {
        assertEquals(Instant.parse("2026-01-01T00:02:00Z"), ScheduleTimes.next(CronSchedule.parse("*/1 * * * *"),
                Instant.parse("2026-01-01T00:01:00Z"), UTC).orElseThrow().toInstant());
    }
}
