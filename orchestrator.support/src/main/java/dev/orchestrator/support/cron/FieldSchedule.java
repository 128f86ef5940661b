package dev.orchestrator.support.cron;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/**
 * A five-field schedule: each field a bit set of the values it allows. Day of month and day of
 * week follow cron's rule: when both are restricted a day matching either runs; when either is
 * {@code *} or {@code ?} both must match.
 *
 * <p>{@link #next} walks the fields as robfig/cron does, on the zone's clock: months and days by
 * the calendar, hours and minutes by elapsed time. So a time that a daylight-saving jump skips
 * (02:30 when clocks go from 02:00 to 03:00) does not run that day, and a time that the jump back
 * repeats (01:30 when clocks go from 02:00 to 01:00) runs at both instants.
 */
record FieldSchedule(long minutes, long hours, long daysOfMonth, long months, long daysOfWeek,
                     boolean anyDayOfMonth, boolean anyDayOfWeek) implements CronSchedule {

    private static final String[] MONTHS = {"", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    private static final String[] WEEKDAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    /** robfig/cron gives up after five years without a match (a schedule like 30 February). */
    private static final int YEARS = 5;

    static FieldSchedule parse(String spec) {
        String[] fields = spec.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": "
                    + Arrays.toString(fields).replace(",", ""));
        }
        FieldParser dom = new FieldParser(1, 31, null);
        FieldParser dow = new FieldParser(0, 6, WEEKDAYS);
        return new FieldSchedule(new FieldParser(0, 59, null).parse(fields[0]),
                new FieldParser(0, 23, null).parse(fields[1]), dom.parse(fields[2]),
                new FieldParser(1, 12, MONTHS).parse(fields[3]), dow.parse(fields[4]),
                dom.sawStar(), dow.sawStar());
    }

    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        int limit = t.getYear() + YEARS;
        boolean truncated = false;
        wrap:
        while (t.getYear() <= limit) {
            while (!has(months, t.getMonthValue())) {
                if (!truncated) {
                    truncated = true;
                    t = t.toLocalDate().withDayOfMonth(1).atStartOfDay(t.getZone());
                }
                t = t.plusMonths(1);
                if (t.getMonthValue() == 1) {
                    continue wrap;
                }
            }
            while (!dayMatches(t)) {
                if (!truncated) {
                    truncated = true;
                    t = t.toLocalDate().atStartOfDay(t.getZone());
                }
                t = t.toLocalDate().plusDays(1).atStartOfDay(t.getZone());
                if (t.getDayOfMonth() == 1) {
                    continue wrap;
                }
            }
            while (!has(hours, t.getHour())) {
                if (!truncated) {
                    truncated = true;
                    t = t.truncatedTo(ChronoUnit.HOURS);
                }
                t = t.plusHours(1); // elapsed time: an hour the clock skips is never seen
                if (t.getHour() == 0) {
                    continue wrap;
                }
            }
            while (!has(minutes, t.getMinute())) {
                truncated = true;
                t = t.plusMinutes(1);
                if (t.getMinute() == 0) {
                    continue wrap;
                }
            }
            return Optional.of(t);
        }
        return Optional.empty();
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = has(daysOfMonth, t.getDayOfMonth());
        boolean dow = has(daysOfWeek, t.getDayOfWeek().getValue() % 7);
        return anyDayOfMonth || anyDayOfWeek ? dom && dow : dom || dow;
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }
}
