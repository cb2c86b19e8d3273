package dev.scalingsuite.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lease on one service, so two runs never drive it at once. It is granted only by creating its
 * record where none exists (atomic in the store); renewed every third of its time to live while the
 * run lasts; deleted when the run ends. A lease whose holder stopped renewing (a killed run) expires,
 * and exactly one newcomer may take it over: the one that creates the takeover marker named after the
 * expired claim and then still finds that claim. A newcomer never deletes a live claim.
 */
public final class RunLock implements AutoCloseable {

    /** One holder's claim, stored as {@code key=value} lines. */
    public record Claim(String owner, String run, Instant expires) {

        String text() {
            return "owner=" + owner + "\nrun=" + run + "\nexpires=" + expires + "\n";
        }

        static Optional<Claim> parse(String text) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            try {
                return fields.containsKey("owner") && fields.containsKey("run") && fields.containsKey("expires")
                        ? Optional.of(new Claim(fields.get("owner"), fields.get("run"),
                                Instant.parse(fields.get("expires"))))
                        : Optional.empty();
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** The lock is held by another run (or cannot be told apart from one): nothing was changed. */
    public static final class HeldException extends RuntimeException {
        HeldException(String message) {
            super(message);
        }
    }

    private final LockStore store;
    private final String name;
    private final Duration ttl;
    private final Clock clock;
    private final String owner;
    private final String run;
    private final ScheduledExecutorService renewals;
    private volatile boolean lost;

    private RunLock(LockStore store, String name, Duration ttl, Clock clock, String owner, String run) {
        this.store = store;
        this.name = name;
        this.ttl = ttl;
        this.clock = clock;
        this.owner = owner;
        this.run = run;
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-lock-renewal");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the lock {@code name} for {@code owner} and keeps renewing it until {@link #close()}.
     *
     * @throws HeldException naming the holder and how to clear a lock left by a killed run
     */
    public static RunLock acquire(LockStore store, String name, String owner, Duration ttl, Clock clock) {
        RunLock lock = new RunLock(store, name, ttl, clock, owner, UUID.randomUUID().toString());
        lock.take();
        long every = Math.max(1, ttl.toMillis() / 3);
        lock.renewals.scheduleWithFixedDelay(lock::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        return lock;
    }

    /** What a run would find at {@code name} now, read-only: free, held (by whom, until when), or expired. */
    public static String describe(LockStore store, String name, Clock clock) {
        Optional<String> current = store.read(name);
        if (current.isEmpty()) {
            return "free";
        }
        Optional<Claim> claim = Claim.parse(current.get());
        if (claim.isEmpty()) {
            return "a record that cannot be read: a run would treat it as held and stop";
        }
        Claim c = claim.get();
        return c.expires().isAfter(clock.instant())
                ? "held by " + c.owner() + " (run " + c.run() + ") until " + c.expires() + ": a run would stop"
                : "an expired claim of " + c.owner() + " (until " + c.expires() + "): a run would take it over";
    }

    public String name() {
        return name;
    }

    /** Whether another run took the lock after this one failed to renew it for a whole lease. */
    public boolean lost() {
        return lost;
    }

    private void take() {
        if (store.createIfAbsent(name, claim().text())) {
            return;
        }
        Optional<String> current = store.read(name);
        if (current.isEmpty()) { // released between our create and our read
            if (store.createIfAbsent(name, claim().text())) {
                return;
            }
            throw held("another run took it a moment ago");
        }
        Optional<Claim> holder = Claim.parse(current.get());
        if (holder.isEmpty()) {
            throw held("its record cannot be read, so it is treated as held");
        }
        if (holder.get().expires().isAfter(clock.instant())) {
            throw held("held by " + holder.get().owner() + " (run " + holder.get().run() + ") until "
                    + holder.get().expires() + ", renewed while that run lasts");
        }
        takeOver(holder.get());
    }

    /** The holder stopped renewing: only the run that creates the takeover marker may replace its claim. */
    private void takeOver(Claim expired) {
        String marker = name + ".takeover." + expired.run();
        if (!store.createIfAbsent(marker, claim().text())) {
            throw held("another run is taking over the expired claim of " + expired.owner());
        }
        try {
            // The marker may be left over from a takeover that already finished: the claim must still be the expired one.
            Optional<Claim> still = store.read(name).flatMap(Claim::parse);
            if (still.isEmpty() || !still.get().run().equals(expired.run())) {
                throw held("another run took over the expired claim of " + expired.owner() + " a moment ago");
            }
            store.delete(name);
            if (!store.createIfAbsent(name, claim().text())) {
                throw held("another run took it while the expired claim of " + expired.owner() + " was cleared");
            }
        } finally {
            store.delete(marker);
        }
        System.out.println("scaling suite: took over the run lock " + name + " from " + expired.owner()
                + ", whose claim expired at " + expired.expires());
    }

    private HeldException held(String why) {
        return new HeldException("The run lock " + name + " is taken: " + why + ". Two runs must never drive "
                + "one service. Wait for the other run to end; if it was killed, its claim expires by itself, or "
                + "delete the lock by hand (aws ssm delete-parameter --name " + name + ").");
    }

    private Claim claim() {
        return new Claim(owner, run, clock.instant().plus(ttl));
    }

    /** Extends the lease if this run still holds it; marks it lost if another run took it over. */
    void renew() {
        Optional<Claim> current = store.read(name).flatMap(Claim::parse);
        if (current.isPresent() && current.get().run().equals(run)) {
            store.overwrite(name, claim().text());
        } else if (!lost) {
            lost = true;
            System.err.println("scaling suite: the run lock " + name + " is no longer this run's ("
                    + current.map(c -> "now held by " + c.owner()).orElse("it is gone") + ")");
        }
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            System.err.println("scaling suite: renewing the run lock " + name + " failed (retried in "
                    + ttl.dividedBy(3) + "): " + e.getMessage());
        }
    }

    /** Stops renewing and deletes the lock if it is still this run's. */
    @Override
    public void close() {
        renewals.shutdownNow();
        Optional<Claim> current = store.read(name).flatMap(Claim::parse);
        if (current.isPresent() && current.get().run().equals(run)) {
            store.delete(name);
        }
    }
}
