package dev.scalingsuite.fleet;

/** The service's counts as ECS reports them. */
public record ServiceState(int desired, int running, int pending) {

    public static final ServiceState UNKNOWN = new ServiceState(-1, -1, -1);

    @Override
    public String toString() {
        return "running " + running + ", desired " + desired + ", pending " + pending;
    }
}
