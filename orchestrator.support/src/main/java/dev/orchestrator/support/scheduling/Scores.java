package dev.orchestrator.support.scheduling;

import dev.orchestrator.api.scheduler.ScorePlugin;

/** Score arithmetic shared by score plugins. */
public final class Scores {

    private Scores() {
    }

    /**
     * Rescales raw scores of any range so that the lowest becomes 0 and the highest {@link ScorePlugin#MAX_SCORE}
     * (all equal: all {@link ScorePlugin#MAX_SCORE}): the ranking is kept, the absolute values are not.
     */
    public static void rescale(long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max == min ? ScorePlugin.MAX_SCORE : (scores[i] - min) * ScorePlugin.MAX_SCORE / (max - min);
        }
    }
}
