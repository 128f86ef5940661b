package dev.orchestrator.support.cron;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code @every <duration>}: a fixed delay after the previous run, with a Go duration
 * ({@code 90s}, {@code 1h30m}) rounded to whole seconds and at least one second, as robfig/cron.
 */
record EverySchedule(Duration delay) implements CronSchedule {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        return Optional.of(after.truncatedTo(ChronoUnit.SECONDS).plus(delay));
    }

    static EverySchedule parse(String text) {
        Matcher m = PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
            end = m.end();
        }
        if (text.isEmpty() || end != text.length()) {
            throw new IllegalArgumentException("failed to parse duration @every " + text + ": time: invalid duration \""
                    + text + "\"");
        }
        long seconds = nanos.divide(BigDecimal.valueOf(1_000_000_000L), 0, java.math.RoundingMode.HALF_UP).longValue();
        return new EverySchedule(Duration.ofSeconds(Math.max(1, seconds)));
    }
}
