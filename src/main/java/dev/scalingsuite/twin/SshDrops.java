package dev.scalingsuite.twin;

import dev.scalingsuite.twin.ssh.LoadHost;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The {@code ssh-drops} fault: the load host's SSH server restarts every {@link #PERIOD} of model
 * time, on the same port with the same host key, cutting every connection and every command in
 * flight. SIPp instances started in the background keep running, as on a host whose sshd restarts.
 */
final class SshDrops implements AutoCloseable {

    /** Model time between restarts: at time scale 30 a drop every 3 s, several in any probe. */
    static final Duration PERIOD = Duration.ofSeconds(90);
    private static final Logger LOG = Logger.getLogger(SshDrops.class.getName());

    private final LoadHost host;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "twin-ssh-drops");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger drops = new AtomicInteger();

    SshDrops(LoadHost host, int timeScale) {
        this.host = host;
        long wallMillis = PERIOD.toMillis() / timeScale;
        timer.scheduleAtFixedRate(this::drop, wallMillis, wallMillis, TimeUnit.MILLISECONDS);
    }

    private void drop() {
        try {
            host.restart();
            LOG.info("twin fault ssh-drops: the SSH load host restarted on port " + host.port()
                    + " with the same host key (drop " + drops.incrementAndGet() + ")");
        } catch (RuntimeException e) {
            // a restart that failed must not end the schedule: the next one tries again
            LOG.warning("twin fault ssh-drops: restarting the SSH load host failed: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
