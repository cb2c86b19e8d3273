package dev.scalingsuite.twin;

import dev.scalingsuite.twin.stack.TwinSettings;
import java.security.SecureRandom;
import java.util.Random;
import java.util.logging.Logger;

/**
 * Every random choice of the twin comes from one seed (setting {@code seed}), so a verdict that
 * depends on chance (which task a call lands on, which API request is throttled) can be replayed:
 * {@code -Dscaling.twin.seed=N} in-process, {@code -Dtwin.seed=N} standalone.
 *
 * <p>Each purpose draws from a stream of its own, derived from the seed and the purpose's name, so
 * one purpose drawing more often (more API requests) does not shift another's draws (routing).
 */
public final class TwinRandom {

    private static final Logger LOG = Logger.getLogger(TwinRandom.class.getName());

    private final long seed;

    TwinRandom(long seed) {
        this.seed = seed;
    }

    /** The settings' seed, or a fresh one; printed either way, with how to replay it. */
    static TwinRandom of(TwinSettings settings) {
        long seed = settings.seed().orElseGet(() -> new SecureRandom().nextLong());
        LOG.info("twin seed " + seed + " (replay with -Dscaling.twin.seed=" + seed + " in-process, -Dtwin.seed=" + seed
                + " standalone)");
        return new TwinRandom(seed);
    }

    public long seed() {
        return seed;
    }

    /** The stream for one purpose: the same seed and purpose always give the same draws. */
    Random stream(String purpose) {
        return new Random(seedFor(purpose));
    }

    long seedFor(String purpose) {
        // SplitMix64's finaliser: neighbouring seeds and similar names still give unrelated streams
        long z = seed ^ (0x9E3779B97F4A7C15L * purpose.hashCode());
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
