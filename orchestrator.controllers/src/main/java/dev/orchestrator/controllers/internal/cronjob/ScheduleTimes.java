package dev.orchestrator.controllers.internal.cronjob;

import dev.orchestrator.support.cron.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a CronJob should have run, computed from its schedule alone (no timers to lose): the most
 * recent schedule time after {@code earliest} (the last scheduled time, else the creation time,
 * moved up to {@code now - startingDeadlineSeconds}) that is not after {@code now}.
 */
final class ScheduleTimes {

    /** Kubernetes warns past this many missed runs: more than a long weekend of hourly runs, less than "lots". */
    static final long TOO_MANY_MISSED = 100;

    private ScheduleTimes() {
    }

    /**
     * @param mostRecent the run to start now, if any came due
     * @param missed     how many runs came due since {@code earliest}, estimated from the gap between two runs
     *                   as Kubernetes does (exact for regular schedules)
     */
    record Missed(Optional<ZonedDateTime> mostRecent, long missed) {
        static final Missed NONE = new Missed(Optional.empty(), 0);

        boolean tooMany() {
            return missed > TOO_MANY_MISSED;
        }
    }

    /** The time nothing before is scheduled any more. */
    static Instant earliest(Instant created, Optional<Instant> lastScheduled, Optional<Long> startingDeadlineSeconds,
                            Instant now) {
        Instant earliest = lastScheduled.orElse(created);
        if (startingDeadlineSeconds.isPresent()) {
            Instant deadline = now.minusSeconds(startingDeadlineSeconds.get());
            if (deadline.isAfter(earliest)) {
                earliest = deadline;
            }
        }
        return earliest;
    }

    static Missed mostRecent(CronSchedule schedule, Instant earliest, Instant now, ZoneId zone) {
        Optional<ZonedDateTime> t1 = schedule.next(earliest.atZone(zone));
        if (t1.isEmpty() || t1.get().toInstant().isAfter(now)) {
            return Missed.NONE;
        }
        Optional<ZonedDateTime> t2 = schedule.next(t1.get());
        if (t2.isEmpty() || t2.get().toInstant().isAfter(now)) {
            return new Missed(t1, 1);
        }
        long between = Math.max(1, Duration.between(t1.get(), t2.get()).toSeconds());
        long missed = Duration.between(t1.get().toInstant(), now).toSeconds() / between + 1;
        return new Missed(Optional.of(lastUpTo(schedule, t1.get(), now, between)), missed);
    }

    /**
     * The last run not after {@code now}, searched in a window before {@code now} that doubles until it
     * holds one, so that decades of missed minutes cost a few steps, and an irregular schedule (weekdays
     * only) whose gaps are longer than {@code between} is still found; {@code t1} bounds the search.
     */
    private static ZonedDateTime lastUpTo(CronSchedule schedule, ZonedDateTime t1, Instant now, long between) {
        for (long back = between; ; back = Math.multiplyExact(back, 2)) {
            Instant from = now.minusSeconds(back);
            ZonedDateTime start = from.isAfter(t1.toInstant()) ? from.atZone(t1.getZone()) : t1;
            ZonedDateTime last = start == t1 ? t1 : null;
            for (Optional<ZonedDateTime> t = schedule.next(start); t.isPresent() && !t.get().toInstant().isAfter(now);
                 t = schedule.next(t.get())) {
                last = t.get();
            }
            if (last != null) {
                return last;
            }
        }
    }

    /** The first run after {@code now}, for the requeue that starts it. */
    static Optional<ZonedDateTime> next(CronSchedule schedule, Instant now, ZoneId zone) {
        return schedule.next(now.atZone(zone));
    }
}
