package dev.scalingsuite.fleet;

/** How a condition bounds a {@link Quantity}: at least, at most or exactly a number. */
public enum Bound {
    AT_LEAST(">="),
    AT_MOST("<="),
    EXACTLY("=");

    private final String symbol;

    Bound(String symbol) {
        this.symbol = symbol;
    }

    /** Whether {@code seen} is within this bound of {@code n}. */
    public boolean admits(long seen, long n) {
        return switch (this) {
            case AT_LEAST -> seen >= n;
            case AT_MOST -> seen <= n;
            case EXACTLY -> seen == n;
        };
    }

    /** How the condition reads in messages and reports, e.g. {@code running tasks >= 2}. */
    public String describe(Quantity quantity, long n) {
        return quantity.named() && this == EXACTLY ? quantity.label() + " " + quantity.show(n)
                : quantity.label() + " " + symbol + " " + quantity.show(n);
    }
}
