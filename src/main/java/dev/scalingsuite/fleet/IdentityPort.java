package dev.scalingsuite.fleet;

/** Who the suite's credentials act as, so it changes a service only in an account it was told to. */
public interface IdentityPort {

    /** The 12-digit account the credentials belong to (STS GetCallerIdentity). */
    String account();
}
