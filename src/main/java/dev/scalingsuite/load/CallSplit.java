package dev.scalingsuite.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How one place-calls step's calls are split over the load hosts, by their weights: each host gets its
 * share of the calls by the largest remainder method (the whole parts of {@code count x weight / total weight}
 * first, then one more call to each host with the largest fractional part until the count is reached, ties to
 * the host listed first), so the split is the same on every run and adds up to the count. A host may get no
 * call (fewer calls than hosts); it then starts no SIPp instance.
 *
 * <p>A host's calls keep the step's pace in proportion: a host with {@code n} of the step's {@code count}
 * calls places {@code rate} calls per {@code period x count / n} (to the millisecond), so the hosts together
 * place {@code rate} per {@code period}, as one host would; its limit on calls up at once is the step's
 * limit in the same proportion, rounded up, at least 1 and at most its calls. One host gets the step as it is.
 */
public final class CallSplit {

    private CallSplit() {
    }

    /** One host's part of a step: its index in the list of hosts, and the calls it places and how. */
    public record Share(int host, int count, int rate, Duration period, int limit) {
    }

    /**
     * The shares of the hosts with {@code weights} (each at least 1), in host order, leaving out hosts that get
     * no call.
     */
    public static List<Share> of(List<Integer> weights, int count, int rate, Duration period, int limit) {
        if (weights.isEmpty() || weights.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("Weights must be at least 1, and there must be one: " + weights);
        }
        int[] counts = counts(weights, count);
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            int n = counts[i];
            if (n == 0) {
                continue;
            }
            if (n == count) {
                shares.add(new Share(i, count, rate, period, limit));
                continue;
            }
            Duration hostPeriod = Duration.ofMillis(Math.round(period.toMillis() * (double) count / n));
            int hostLimit = (int) Math.min(n, Math.max(1, ceilDiv((long) limit * n, count)));
            shares.add(new Share(i, n, rate, hostPeriod, hostLimit));
        }
        return List.copyOf(shares);
    }

    /** Each host's calls, by the largest remainder method. */
    static int[] counts(List<Integer> weights, int count) {
        long total = weights.stream().mapToLong(Integer::longValue).sum();
        int[] counts = new int[weights.size()];
        long[] remainders = new long[weights.size()];
        int given = 0;
        for (int i = 0; i < counts.length; i++) {
            long share = (long) count * weights.get(i);
            counts[i] = (int) (share / total);
            remainders[i] = share % total;
            given += counts[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            order.add(i);
        }
        // the largest remainders first; a stable sort keeps ties in host order
        order.sort(Comparator.comparingLong((Integer i) -> remainders[i]).reversed());
        for (int k = 0; given < count; k++) {
            counts[order.get(k)]++;
            given++;
        }
        return counts;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
