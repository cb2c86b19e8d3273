package dev.scalingsuite.fleet;

/**
 * How far a KPI may move the worse way against a baseline run before it counts as a regression: the larger
 * of a share of the baseline's value and a floor (in the KPI's unit), the floor named after the mechanism
 * that moves the KPI that much between two runs of an unchanged stack; or not judged at all, only reported,
 * saying why. {@link RegressionAllowances} holds each KPI's.
 *
 * @param share the relative change allowed, e.g. 0.15 for +15 %
 * @param floor the least change allowed, whatever the baseline's value
 * @param mechanism why the floor is what it is; for a KPI not judged, why it is not
 */
public record Allowance(double share, double floor, String mechanism, boolean judged) {

    public Allowance {
        if (share < 0 || floor < 0) {
            throw new IllegalArgumentException("an allowance is never negative");
        }
    }

    public static Allowance of(double share, double floor, String mechanism) {
        return new Allowance(share, floor, mechanism, true);
    }

    /** A KPI shown beside the others but never failing a run, because of {@code why}. */
    public static Allowance reportedOnly(String why) {
        return new Allowance(0, 0, why, false);
    }

    /** The change allowed from {@code baseline}: max(share x |baseline|, floor). */
    public double allowed(double baseline) {
        return Math.max(share * Math.abs(baseline), floor);
    }

    /**
     * {@code +12 s (15 %, at least 15 s: one health-check interval ...)}: what is allowed from {@code baseline}
     * and why; for a KPI not judged, {@code not judged: <why>}.
     */
    public String describe(Kpi kpi, double baseline) {
        if (!judged) {
            return "not judged: " + mechanism;
        }
        String sign = kpi.higherIsWorse() ? "+" : "-";
        return sign + kpi.unit().show(allowed(baseline)) + " (" + Math.round(share * 100) + " %, at least "
                + kpi.unit().show(floor) + ": " + mechanism + ")";
    }
}
