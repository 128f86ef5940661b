package dev.orchestrator.support.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static ZonedDateTime next(String spec, String after, ZoneId zone) {
        return CronSchedule.parse(spec).next(ZonedDateTime.parse(after).withZoneSameInstant(zone)).orElseThrow();
    }

    /** 2026-01-01 is a Thursday. */
    @ParameterizedTest(name = "{0} after {1}")
    @CsvSource(delimiter = '|', value = {
            "*/1 * * * *|2026-01-01T00:00:00Z|2026-01-01T00:01Z",
            "* * * * *|2026-01-01T00:00:30Z|2026-01-01T00:01Z",
            "*/15 * * * *|2026-01-01T00:16:00Z|2026-01-01T00:30Z",
            "5,10-12 * * * *|2026-01-01T00:10:00Z|2026-01-01T00:11Z",
            "10-40/15 * * * *|2026-01-01T00:26:00Z|2026-01-01T00:40Z",
            "0 9 * * MON-FRI|2026-01-02T10:00:00Z|2026-01-05T09:00Z",
            "0 0 13 * FRI|2026-01-01T00:00:00Z|2026-01-02T00:00Z",
            "0 0 13 * *|2026-01-01T00:00:00Z|2026-01-13T00:00Z",
            "0 0 ? * fri|2026-01-01T00:00:00Z|2026-01-02T00:00Z",
            "0 0 1 JAN *|2026-01-01T00:00:00Z|2027-01-01T00:00Z",
            "0 0 29 2 *|2026-01-01T00:00:00Z|2028-02-29T00:00Z",
            "@hourly|2026-01-01T00:00:00Z|2026-01-01T01:00Z",
            "@daily|2026-01-01T00:00:00Z|2026-01-02T00:00Z",
            "@midnight|2026-01-01T12:00:00Z|2026-01-02T00:00Z",
            "@weekly|2026-01-01T00:00:00Z|2026-01-04T00:00Z",
            "@monthly|2026-01-01T00:00:00Z|2026-02-01T00:00Z",
            "@yearly|2026-01-01T00:00:00Z|2027-01-01T00:00Z",
            "@annually|2026-01-01T00:00:00Z|2027-01-01T00:00Z",
            "@every 90s|2026-01-01T00:00:00.5Z|2026-01-01T00:01:30Z",
            "@every 1h30m|2026-01-01T00:00:00Z|2026-01-01T01:30Z"})
    void nextRunInUtc(String spec, String after, String expected) {
        assertEquals(ZonedDateTime.parse(expected).toInstant(), next(spec, after, UTC).toInstant());
    }

    @Test
    void nextRunFollowsTheZonesClock() {
        // 09:00 in New York is 14:00 UTC in winter and 13:00 UTC in summer
        assertEquals("2026-01-01T14:00Z", next("0 9 * * *", "2026-01-01T00:00:00Z", NEW_YORK).toInstant().toString()
                .replace(":00Z", "Z"));
        assertEquals("2026-07-01T13:00:00Z", next("0 9 * * *", "2026-07-01T00:00:00Z", NEW_YORK).toInstant().toString());
    }

    @Test
    void aTimeTheSpringJumpSkipsDoesNotRunThatDay() {
        // 2026-03-08: New York clocks go from 02:00 EST to 03:00 EDT
        ZonedDateTime t = next("30 2 * * *", "2026-03-07T12:00:00Z", NEW_YORK);
        assertEquals(ZonedDateTime.of(2026, 3, 9, 2, 30, 0, 0, NEW_YORK), t);
        // an hourly schedule just loses the missing hour
        ZonedDateTime beforeJump = ZonedDateTime.of(2026, 3, 8, 1, 0, 0, 0, NEW_YORK);
        assertEquals(ZonedDateTime.of(2026, 3, 8, 3, 0, 0, 0, NEW_YORK),
                CronSchedule.parse("0 * * * *").next(beforeJump).orElseThrow());
    }

    @Test
    void aTimeTheAutumnJumpRepeatsRunsAtBothInstants() {
        // 2026-11-01: New York clocks go from 02:00 EDT back to 01:00 EST
        ZonedDateTime first = next("30 1 * * *", "2026-11-01T04:00:00Z", NEW_YORK);
        assertEquals("2026-11-01T05:30:00Z", first.toInstant().toString());
        assertEquals("2026-11-01T06:30:00Z", CronSchedule.parse("30 1 * * *").next(first).orElseThrow().toInstant().toString());
    }

    @Test
    void aScheduleThatNeverComesHasNoNextRun() {
        assertTrue(CronSchedule.parse("0 0 30 2 *").next(ZonedDateTime.parse("2026-01-01T00:00:00Z")).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "* * * *|expected exactly 5 fields, found 4: [* * * *]",
            "* * * * * *|expected exactly 5 fields, found 6",
            "60 * * * *|end of range (60) above maximum (59): 60",
            "* 24 * * *|end of range (24) above maximum (23): 24",
            "* * 0 * *|beginning of range (0) below minimum (1): 0",
            "* * * 13 *|end of range (13) above maximum (12): 13",
            "* * * * 7|end of range (7) above maximum (6): 7",
            "5-1 * * * *|beginning of range (5) beyond end of range (1): 5-1",
            "*/0 * * * *|step of range should be a positive number: */0",
            "1-2-3 * * * *|too many hyphens: 1-2-3",
            "*/2/3 * * * *|too many slashes: */2/3",
            "x * * * *|failed to parse int from x",
            "* * * FOO *|failed to parse int from FOO",
            "@fortnightly|unrecognized descriptor: @fortnightly",
            "@every|unrecognized descriptor: @every",
            "@every 5x|failed to parse duration @every 5x"})
    void invalidSchedulesSayWhy(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(spec));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
