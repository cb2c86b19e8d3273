package dev.scalingsuite.twin.sip;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The UDP retransmission timers of RFC 3261 17.1.1.2, 17.1.2.2 and 17.2.1: send now, again after
 * T1, doubling (capped at T2 unless it is an INVITE request, timer A), until stopped; after 64 x T1
 * give up (timers B, F, H). SIP timers are wall-clock: the twin never scales them.
 */
final class Retransmission {

    static final long T1_MILLIS = 500;
    static final long T2_MILLIS = 4_000;
    static final long GIVE_UP_MILLIS = 64 * T1_MILLIS;

    private final ScheduledExecutorService timers;
    private final Runnable send;
    private final boolean capAtT2;
    private final Runnable onTimeout;
    private long elapsed;
    private long interval = T1_MILLIS;
    private ScheduledFuture<?> next;
    private boolean stopped;

    private Retransmission(ScheduledExecutorService timers, Runnable send, boolean capAtT2, Runnable onTimeout) {
        this.timers = timers;
        this.send = send;
        this.capAtT2 = capAtT2;
        this.onTimeout = onTimeout;
    }

    /** Sends at once and schedules the retransmissions. */
    static Retransmission start(ScheduledExecutorService timers, Runnable send, boolean capAtT2, Runnable onTimeout) {
        Retransmission r = new Retransmission(timers, send, capAtT2, onTimeout);
        send.run();
        r.schedule();
        return r;
    }

    private synchronized void schedule() {
        if (stopped || timers.isShutdown()) {
            return;
        }
        long delay = Math.min(interval, GIVE_UP_MILLIS - elapsed);
        next = timers.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        boolean timedOut;
        synchronized (this) {
            if (stopped) {
                return;
            }
            elapsed += Math.min(interval, GIVE_UP_MILLIS - elapsed);
            timedOut = elapsed >= GIVE_UP_MILLIS;
            if (timedOut) {
                stopped = true;
            } else {
                interval = capAtT2 ? Math.min(interval * 2, T2_MILLIS) : interval * 2;
            }
        }
        if (timedOut) {
            onTimeout.run();
        } else {
            send.run();
            schedule();
        }
    }

    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    /** Stops a retransmission that may be null. */
    static void stop(Retransmission r) {
        if (r != null) {
            r.stop();
        }
    }
}
