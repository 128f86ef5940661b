package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.ScorePlugin;

/** Rescaling of raw scores into 0..100. */
final class Normalize {

    private Normalize() {
    }

    /** The highest raw score becomes 100, the others in proportion; all zero stays zero. */
    static void scaled(long[] scores) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max == 0 ? 0 : scores[i] * ScorePlugin.MAX_SCORE / max;
        }
    }

    /** The lowest raw score becomes 100, the highest 0 (for counts where fewer is better). */
    static void reversed(long[] scores) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max == 0 ? ScorePlugin.MAX_SCORE : (max - scores[i]) * ScorePlugin.MAX_SCORE / max;
        }
    }
}
