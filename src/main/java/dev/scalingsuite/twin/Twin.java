package dev.scalingsuite.twin;

import dev.scalingsuite.twin.api.ApiFaultCounts;
import dev.scalingsuite.twin.api.ApiFaultInjector;
import dev.scalingsuite.twin.api.AwsEndpoint;
import dev.scalingsuite.twin.api.TwinApis;
import dev.scalingsuite.twin.control.ControlPlane;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TaskRecord;
import dev.scalingsuite.twin.sip.SipTwin;
import dev.scalingsuite.twin.ssh.LoadHost;
import dev.scalingsuite.twin.stack.Fault;
import dev.scalingsuite.twin.stack.SessionTable;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local digital twin of the deployed stack: DynamoDB Local, the AWS endpoint and the SIP front
 * door on free ports of its addresses (loopback unless its settings name others), over one {@link StackModel}. Start it, hand its {@link #endpoints()} to the suite,
 * close it when done; closing stops everything it started, in reverse order.
 */
public final class Twin implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Twin.class.getName());

    private final TwinSettings settings;
    private final StackModel stack;
    private final TwinRandom random;
    private final List<AutoCloseable> started = new ArrayList<>();
    private DynamoDbLocal dynamoDbLocal;
    private DynamoDbClient dynamo;
    private SessionTable sessions;
    private AwsEndpoint endpoint;
    private ControlPlane controlPlane;
    private SipTwin sip;
    private final List<LoadHost> loadHosts = new ArrayList<>();

    private Twin(TwinSettings settings) {
        this.settings = settings;
        this.stack = new StackModel(settings, Clock.systemUTC());
        this.random = TwinRandom.of(settings);
    }

    public static Twin start(TwinSettings settings) {
        if (!settings.faults().isEmpty()) {
            // a fault hides from every configuration API, so the person running the twin must hear it here
            LOG.warning("twin faults active: " + settings.faults().stream().map(Fault::profileName)
                    .collect(Collectors.joining(", ")));
        }
        Twin twin = new Twin(settings);
        try {
            twin.startAll();
            return twin;
        } catch (Exception | Error e) {
            twin.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("The twin did not start: " + e, e);
        }
    }

    private void startAll() throws Exception {
        dynamoDbLocal = track(new DynamoDbLocal(settings.apiAddress(), settings.dynamodbPort()));
        dynamo = track(DynamoDbClient.builder()
                .endpointOverride(dynamoDbLocal.uri())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TwinEndpoints.ACCESS_KEY_ID, TwinEndpoints.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build());
        sessions = new SessionTable(dynamo, settings.sessionTable(), settings.ttlAttribute());
        sessions.create();
        synchronized (stack) {
            for (TaskRecord task : stack.ecs().tasksWithStatus("RUNNING")) {
                sessions.heartbeat(task.id(), 0, stack.now(),
                        stack.now().plus(stack.wall(SessionTable.HEARTBEAT_TTL_SECONDS)));
            }
        }
        controlPlane = track(new ControlPlane(stack, sessions, random.stream("nlb-routing")));
        for (int i = 0; i < settings.loadHosts(); i++) {
            LoadHost host = track(startLoadHost(i));
            loadHosts.add(host);
            // each load host stands for a machine of its own, so each has the faults of one
            if (settings.hasFault(Fault.SSH_DROPS)) {
                track(new SshDrops(host, settings.timeScale()));
            }
            if (settings.hasFault(Fault.SIPP_STALLS)) {
                track(new SippStalls(host.sippHome()));
            }
        }
        endpoint = track(new AwsEndpoint(InetAddress.getByName(settings.apiAddress()), settings.awsPort(),
                TwinApis.all(stack), stack, ApiFaultInjector.of(settings, random.seedFor("api-faults"))));
        sip = track(new SipTwin(stack, controlPlane, random.stream("call-setup-jitter")));
    }

    /**
     * Load host {@code i}: keys and sippHome of its own (the work directory for the first, {@code load<i>} in it
     * for the others), the port {@code sshPort + i} when one is set, its own network namespace when given.
     */
    private LoadHost startLoadHost(int i) throws IOException {
        Path workDir = settings.workDir().isPresent()
                ? (i == 0 ? Path.of(settings.workDir().get()) : Path.of(settings.workDir().get(), "load" + i))
                : LoadHost.freshWorkDir();
        int port = settings.sshPort() == 0 ? 0 : settings.sshPort() + i;
        return LoadHost.start(workDir, settings.apiAddress(), port, settings.sshUser().orElse(LoadHost.osUser()),
                settings.loadHostNetns(i));
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    public TwinSettings settings() {
        return settings;
    }

    /** The seed of every random choice this twin makes (its setting {@code seed}, or the one it drew). */
    public long seed() {
        return random.seed();
    }

    /** The model; hold its monitor while reading or changing it. */
    public StackModel stack() {
        return stack;
    }

    public SessionTable sessions() {
        return sessions;
    }

    /** The control plane: the agents' internal session API, the NLB's routing, crashes. */
    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** The call path: the SIP front door, the tasks' SIP sides, and what they saw of each call. */
    public SipTwin sip() {
        return sip;
    }

    /** The (first) SSH load host that runs SIPp; {@link LoadHost#restart()} simulates an SSH drop. */
    public LoadHost loadHost() {
        return loadHosts.get(0);
    }

    /** Every SSH load host (setting {@code loadHosts}), the first being {@link #loadHost()}. */
    public List<LoadHost> loadHosts() {
        return List.copyOf(loadHosts);
    }

    /** What the AWS endpoint injected so far (settings {@code apiThrottleRate}, {@code api5xxRate}, ...). */
    public ApiFaultCounts apiFaultCounts() {
        return endpoint.faultCounts();
    }

    /** The API faults in force, changeable while the twin runs (a metrics source that dies mid-run). */
    public ApiFaultInjector apiFaults() {
        return endpoint.faults();
    }

    public TwinEndpoints endpoints() {
        return new TwinEndpoints(endpoint.uri(), dynamoDbLocal.uri(), sip.hostPort(), settings.region(), settings.account(),
                settings.timeScale(),
                TwinEndpoints.ACCESS_KEY_ID, TwinEndpoints.SECRET_ACCESS_KEY, ssh(loadHosts.get(0)),
                loadHosts.stream().map(Twin::ssh).toList());
    }

    private static TwinEndpoints.Ssh ssh(LoadHost host) {
        return new TwinEndpoints.Ssh(host.host(), host.port(), host.user(), host.privateKey(), host.knownHosts(),
                host.sippHome().toString());
    }

    /** Stops what the twin started, newest first; never throws. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("twin: stopping " + started.get(i).getClass().getSimpleName() + " failed: " + e);
            }
        }
        started.clear();
    }
}
