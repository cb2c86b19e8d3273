package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RunLockTest {

    private static final String NAME = "/scaling-suite/locks/c/s";
    private static final Duration TTL = Duration.ofMinutes(30);
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final MemoryLockStore store = new MemoryLockStore();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aFreeLockIsTakenAndReleased() {
        try (RunLock lock = RunLock.acquire(store, NAME, "me@host pid 1", TTL, clock)) {
            assertThat(RunLock.Claim.parse(store.records.get(NAME))).hasValueSatisfying(c -> {
                assertThat(c.owner()).isEqualTo("me@host pid 1");
                assertThat(c.expires()).isEqualTo(NOW.plus(TTL));
            });
            assertThat(lock.lost()).isFalse();
        }
        assertThat(store.records).isEmpty();
    }

    @Test
    void aLiveClaimKeepsOthersOutAndIsNotTouched() {
        String other = new RunLock.Claim("ci@runner pid 7", "run-7", NOW.plusSeconds(60)).text();
        store.records.put(NAME, other);

        assertThatThrownBy(() -> RunLock.acquire(store, NAME, "me@host pid 1", TTL, clock))
                .isInstanceOf(RunLock.HeldException.class)
                .hasMessage("The run lock /scaling-suite/locks/c/s is taken: held by ci@runner pid 7 (run run-7) until "
                        + "2026-11-24T10:01:00Z, renewed while that run lasts. Two runs must never drive one service. "
                        + "Wait for the other run to end; if it was killed, its claim expires by itself, or delete the "
                        + "lock by hand (aws ssm delete-parameter --name /scaling-suite/locks/c/s).");
        assertThat(store.records).containsExactly(Map.entry(NAME, other));
    }

    @Test
    void anUnreadableRecordCountsAsHeld() {
        store.records.put(NAME, "something else");
        assertThatThrownBy(() -> RunLock.acquire(store, NAME, "me", TTL, clock))
                .hasMessageContaining("its record cannot be read, so it is treated as held");
    }

    @Test
    void anExpiredClaimIsTakenOverAndTheMarkerCleared() {
        store.records.put(NAME, new RunLock.Claim("killed@host pid 3", "run-3", NOW.minusSeconds(1)).text());
        try (RunLock lock = RunLock.acquire(store, NAME, "me@host pid 1", TTL, clock)) {
            assertThat(RunLock.Claim.parse(store.records.get(NAME))).map(RunLock.Claim::owner)
                    .contains("me@host pid 1");
            assertThat(store.records).containsOnlyKeys(NAME);
        }
    }

    @Test
    void ofManyRunsRacingForAnExpiredClaimExactlyOneWins() throws Exception {
        for (int round = 0; round < 50; round++) {
            store.records.clear();
            store.records.put(NAME, new RunLock.Claim("killed", "run-x", NOW.minusSeconds(1)).text());
            int runs = 4;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(runs);
            List<Future<RunLock>> attempts = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String owner = "run " + i;
                attempts.add(pool.submit(() -> {
                    start.await();
                    try {
                        return RunLock.acquire(store, NAME, owner, TTL, clock);
                    } catch (RunLock.HeldException e) {
                        return null;
                    }
                }));
            }
            start.countDown();
            List<RunLock> winners = new ArrayList<>();
            for (Future<RunLock> attempt : attempts) {
                RunLock lock = attempt.get();
                if (lock != null) {
                    winners.add(lock);
                }
            }
            pool.shutdown();
            assertThat(winners).as("round %d", round).hasSize(1);
            assertThat(RunLock.Claim.parse(store.records.get(NAME)).orElseThrow().owner())
                    .isEqualTo(winnerOwner(winners.get(0)));
            winners.forEach(RunLock::close);
        }
    }

    private String winnerOwner(RunLock lock) {
        lock.renew(); // renewal rewrites only a claim that is still this run's
        return RunLock.Claim.parse(store.records.get(NAME)).orElseThrow().owner();
    }

    @Test
    void renewalExtendsTheLeaseOnlyWhileTheClaimIsOurs() {
        MutableClock time = new MutableClock(NOW);
        RunLock lock = RunLock.acquire(store, NAME, "me", TTL, time);
        time.now = NOW.plus(Duration.ofMinutes(10));
        lock.renew();
        assertThat(RunLock.Claim.parse(store.records.get(NAME)).orElseThrow().expires())
                .isEqualTo(NOW.plus(Duration.ofMinutes(40)));

        String taker = new RunLock.Claim("other", "run-o", NOW.plus(Duration.ofHours(2))).text();
        store.records.put(NAME, taker);
        lock.renew();
        assertThat(lock.lost()).isTrue();
        assertThat(store.records.get(NAME)).isEqualTo(taker);
        lock.close();
        assertThat(store.records.get(NAME)).as("closing never deletes another run's claim").isEqualTo(taker);
    }

    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
