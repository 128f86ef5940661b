package dev.orchestrator.support.cron;

import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CronJob schedule, with the syntax and the meaning of the cron library Kubernetes uses
 * (robfig/cron v3 {@code ParseStandard}): five fields (minute, hour, day of month, month, day of
 * week), a descriptor ({@code @hourly} …) or {@code @every <duration>}. Copied privately into each
 * bundle that needs it (bnd {@code -conditionalpackage}): the API server validates with it, the
 * CronJob controller computes run times with it, so both agree on what a schedule means.
 */
public sealed interface CronSchedule permits FieldSchedule, EverySchedule {

    /** Descriptors as robfig/cron expands them. */
    Map<String, String> DESCRIPTORS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    /**
     * The first run time strictly after {@code after}, in {@code after}'s zone; empty when none
     * comes within five years (e.g. {@code 0 0 30 2 *}).
     */
    Optional<ZonedDateTime> next(ZonedDateTime after);

    /**
     * Parses a schedule.
     *
     * @throws IllegalArgumentException with robfig/cron's wording, which the API server returns
     *     as the field error
     */
    static CronSchedule parse(String spec) {
        String trimmed = spec == null ? "" : spec.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty spec string");
        }
        if (trimmed.startsWith("@")) {
            if (trimmed.startsWith("@every ")) {
                return EverySchedule.parse(trimmed.substring("@every ".length()).trim());
            }
            String expanded = DESCRIPTORS.get(trimmed.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + trimmed);
            }
            return FieldSchedule.parse(expanded);
        }
        return FieldSchedule.parse(trimmed);
    }
}
