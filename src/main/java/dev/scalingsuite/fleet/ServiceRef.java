package dev.scalingsuite.fleet;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ECS service under test and its cluster, each given as a name or an ARN: the deployed stack
 * publishes its cluster as an ARN (SSM {@code /voice-agent/ecs/cluster-arn}), an operator may paste
 * either. Checked here once, so every use agrees: the names go to every API (Application Auto Scaling's
 * resource id {@code service/<cluster>/<service>}, Container Insights' {@code ClusterName} and
 * {@code ServiceName} dimensions, ListTasks' {@code serviceName}, UpdateService, which want names, and
 * the ECS calls that would take either) and to the run lock; reports show {@link #toString()}. Two
 * references to the same service are equal however they were given, so a run given ARNs and one given
 * names take the same run lock.
 */
public final class ServiceRef {

    /** What {@code cluster} may be, as messages say it. */
    public static final String CLUSTER_ALLOWED = "an ECS cluster name (1 to 255 letters, digits, - and _) or ARN "
            + "arn:<partition>:ecs:<region>:<account>:cluster/<name>";
    /** What {@code service} may be, as messages say it. */
    public static final String SERVICE_ALLOWED = "an ECS service name (1 to 255 letters, digits, - and _) or ARN "
            + "arn:<partition>:ecs:<region>:<account>:service/<cluster>/<name> (or the older service/<name>)";

    private static final String NAME = "[A-Za-z0-9_-]{1,255}";
    /** Partition, region and account, as every ECS ARN starts. */
    private static final String ARN = "arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\\d{12}):";
    private static final Pattern CLUSTER_NAME = Pattern.compile(NAME);
    private static final Pattern CLUSTER_ARN = Pattern.compile(ARN + "cluster/(" + NAME + ")");
    /** The long form names the cluster ({@code service/<cluster>/<name>}); the older short form does not. */
    private static final Pattern SERVICE_ARN = Pattern.compile(ARN + "service/(?:(" + NAME + ")/)?(" + NAME + ")");

    /**
     * One of the two as given: its name, and what its ARN says besides (the cluster a long-form service ARN
     * names; region and account).
     */
    private record Given(String name, Optional<String> cluster, Optional<String> region,
            Optional<String> account) {

        static Optional<Given> cluster(String text) {
            if (CLUSTER_NAME.matcher(text).matches()) {
                return Optional.of(new Given(text, Optional.empty(), Optional.empty(), Optional.empty()));
            }
            Matcher arn = CLUSTER_ARN.matcher(text);
            return arn.matches() ? Optional.of(new Given(arn.group(3), Optional.empty(),
                    Optional.of(arn.group(1)), Optional.of(arn.group(2)))) : Optional.empty();
        }

        static Optional<Given> service(String text) {
            if (CLUSTER_NAME.matcher(text).matches()) {
                return Optional.of(new Given(text, Optional.empty(), Optional.empty(), Optional.empty()));
            }
            Matcher arn = SERVICE_ARN.matcher(text);
            return arn.matches() ? Optional.of(new Given(arn.group(4), Optional.ofNullable(arn.group(3)),
                    Optional.of(arn.group(1)), Optional.of(arn.group(2)))) : Optional.empty();
        }
    }

    private final Given cluster;
    private final Given service;

    private ServiceRef(Given cluster, Given service) {
        this.cluster = cluster;
        this.service = service;
    }

    /** @throws IllegalArgumentException as {@link #of(String, String, String, String)} */
    public static ServiceRef of(String cluster, String service) {
        return of(cluster, "", service, "");
    }

    /**
     * @param clusterFrom where the cluster came from, for messages ({@code SSM /voice-agent/ecs/cluster-arn,
     *     the default}); empty: said nowhere
     * @param serviceFrom where the service came from, likewise
     * @throws IllegalArgumentException naming the key, the value and what is allowed, when either is neither a
     *     name nor an ARN of its kind, or when the service's ARN contradicts the cluster (another cluster, region
     *     or account)
     */
    public static ServiceRef of(String cluster, String clusterFrom, String service, String serviceFrom) {
        Given c = Given.cluster(cluster).orElseThrow(() -> new IllegalArgumentException("'cluster'"
                + from(clusterFrom) + " must be " + CLUSTER_ALLOWED + ", was '" + cluster + "'"));
        Given s = Given.service(service).orElseThrow(() -> new IllegalArgumentException("'service'"
                + from(serviceFrom) + " must be " + SERVICE_ALLOWED + ", was '" + service + "'"));
        String serviceShown = "'service' " + service + from(serviceFrom);
        String clusterShown = "'cluster' is " + cluster + from(clusterFrom);
        if (s.cluster().isPresent() && !s.cluster().get().equals(c.name())) {
            throw new IllegalArgumentException(serviceShown + " is a service of cluster " + s.cluster().get() + ", but "
                    + clusterShown + "; allowed: the service's own cluster, or the service as a name");
        }
        if (c.region().isPresent() && s.region().isPresent()
                && !(c.region().equals(s.region()) && c.account().equals(s.account()))) {
            throw new IllegalArgumentException(serviceShown + " is in region " + s.region().get() + ", account "
                    + s.account().get() + ", but " + clusterShown + ", in region " + c.region().get() + ", account "
                    + c.account().get() + "; allowed: a cluster and a service of one region and account");
        }
        return new ServiceRef(c, s);
    }

    private static String from(String where) {
        return where.isEmpty() ? "" : " (" + where + ")";
    }

    /** Whether {@code text} is a cluster name or ARN, as {@code cluster} must be. */
    public static boolean isCluster(String text) {
        return Given.cluster(text).isPresent();
    }

    /** Whether {@code text} is a service name or ARN (long or short form), as {@code service} must be. */
    public static boolean isService(String text) {
        return Given.service(text).isPresent();
    }

    /** The cluster's name: {@code voice-agent-poc-cluster} also when given as its ARN. */
    public String clusterName() {
        return cluster.name();
    }

    /** The service's name: {@code voice-agent-poc-service} also when given as its ARN. */
    public String serviceName() {
        return service.name();
    }

    /** The region an ARN of either names, if one was given as an ARN. */
    public Optional<String> region() {
        return cluster.region().or(service::region);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceRef ref && ref.clusterName().equals(clusterName())
                && ref.serviceName().equals(serviceName());
    }

    @Override
    public int hashCode() {
        return 31 * clusterName().hashCode() + serviceName().hashCode();
    }

    /** {@code voice-agent-poc-cluster/voice-agent-poc-service}: how every report names the service. */
    @Override
    public String toString() {
        return clusterName() + "/" + serviceName();
    }
}
