package dev.scalingsuite.junit;

import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.IdentityPort;
import dev.scalingsuite.fleet.LockStore;
import dev.scalingsuite.fleet.RunLock;
import dev.scalingsuite.fleet.ServiceRef;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What must hold before the suite changes anything (SIPp load, desiredCount): the credentials act in
 * an allowed account, recovery is allowed, and this run holds the service's run lock. Checked once,
 * before the baseline, on every target alike; a twin's own account is allowed unless
 * {@code allowed-accounts} says otherwise.
 */
final class WriteGuard {

    /** Where run locks live: one SSM parameter per service. */
    static final String LOCK_PREFIX = "/scaling-suite/locks/";

    private WriteGuard() {
    }

    /**
     * @param twinAccount the account a twin reports (an endpoints file or the in-process twin); empty on AWS
     * @return the run lock, to be closed when the suite closes
     * @throws AssertionError saying what is not allowed and what to do; nothing has been changed
     */
    static RunLock check(SuiteConfig config, Optional<String> twinAccount, IdentityPort identity, LockStore locks,
            ServiceRef service) {
        checkAccount(config, twinAccount, identity);
        if (!config.recovery().allow()) {
            throw new AssertionError("recovery.allow is false, and the suite changes the service: it starts SIPp "
                    + "load and sets desiredCount back to the minimum when a run leaves it scaled out. Set "
                    + "recovery.allow: true (the default for a twin, never for target aws) once you are sure "
                    + "this is the stack to test.");
        }
        String name = lockName(service);
        try {
            RunLock lock = RunLock.acquire(locks, name, owner(), config.safety().lockTtl(), Clock.systemUTC());
            System.out.println("scaling suite: run lock " + name + " taken (lease "
                    + config.safety().lockTtl().toMinutes() + "m, renewed while the run lasts)");
            return lock;
        } catch (RunLock.HeldException e) {
            throw new AssertionError(e.getMessage());
        }
    }

    /**
     * A dry run's look at what {@link #check} would find, changing nothing: the account (which must be
     * allowed, as for a run), whether recovery is allowed and the run lock's state.
     */
    static List<String> preview(SuiteConfig config, Optional<String> twinAccount, IdentityPort identity,
            LockStore locks, ServiceRef service) {
        checkAccount(config, twinAccount, identity);
        String name = lockName(service);
        return List.of(config.recovery().allow() ? "recovery.allow: true"
                        : "recovery.allow is false: a run would stop here, before changing anything",
                "run lock " + name + ": " + RunLock.describe(locks, name, Clock.systemUTC()) + "; a run takes it "
                        + "for a lease of " + config.safety().lockTtl().toMinutes() + "m, renewed while it lasts");
    }

    static void checkAccount(SuiteConfig config, Optional<String> twinAccount, IdentityPort identity) {
        List<String> allowed = config.safety().allowedAccounts().isEmpty()
                ? twinAccount.map(List::of).orElse(List.of())
                : config.safety().allowedAccounts();
        String account;
        try {
            account = identity.account();
        } catch (RuntimeException e) {
            throw new AssertionError("Cannot ask STS who the credentials are (GetCallerIdentity), so the suite "
                    + "changes nothing: " + e.getMessage(), e);
        }
        if (!allowed.contains(account)) {
            throw new AssertionError("The credentials act in account " + account + ", which allowed-accounts "
                    + (config.safety().allowedAccounts().isEmpty() ? "(here: only the twin's own account) "
                            : "(" + String.join(", ", allowed) + ") ")
                    + "does not name, so the suite changes nothing. Check AWS_PROFILE and the region, or add the "
                    + "account to allowed-accounts if this is the stack to test.");
        }
    }

    /**
     * {@code /scaling-suite/locks/<cluster>/<service>}, by name even when configured as ARNs: one lock per
     * service, however a run names it, so two runs against one service exclude each other.
     */
    static String lockName(ServiceRef service) {
        return LOCK_PREFIX + service.clusterName() + "/" + service.serviceName();
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name", "unknown") + "@" + host + " pid " + ProcessHandle.current().pid();
    }
}
