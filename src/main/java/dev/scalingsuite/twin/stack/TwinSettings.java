package dev.scalingsuite.twin.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of the twin, with the deployed stack's values as defaults, each naming where it comes
 * from ({@link #sources()}). Set them as {@code -Dtwin.<key>=value} on the standalone twin, or
 * {@code -Dscaling.twin.<key>=value} when the suite starts the twin itself. A value is resolved in this
 * order: the setting's default, then the value of the stack profile ({@code stack}, {@link StackProfile}),
 * then the value given explicitly, so a single setting overrides either profile. Durations are in model
 * seconds; the twin divides them by {@code timeScale}.
 */
public final class TwinSettings {

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,6})m)?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");

    // where a default comes from: a path in the upstream repository
    // (aws-solutions-library-samples/sample-voice-agent), an AWS documentation page, or the twin itself
    private static final String ECS_STACK = "infrastructure/src/stacks/ecs-stack.ts";
    private static final String CONFIG = "infrastructure/src/config.ts";
    private static final String SESSION_TABLE = "infrastructure/src/constructs/session-table-construct.ts";
    private static final String SHIPPED = "docs/features/ecs-scaling-validation-suite/shipped.md";
    private static final String ASSUMPTION = "twin assumption";
    private static final String WEBHOOK = "infrastructure/src/functions/bot-runner/handler.py";
    private static final String RUNTIME = "the twin itself (how it runs, not the stack)";
    /** The most load hosts a twin offers: the planned benchmark drives 4; 8 leaves room, a /27 of load links. */
    public static final int MAX_LOAD_HOSTS = 8;
    private static final String STEP_ALARM = "as-deployed: " + ECS_STACK + " (scaleOnMetric 'ScaleIn', steps "
            + "{upper: 1, change: 0}, {upper: 0, change: -3}: CDK's interval-utils.ts makes the change-0 interval "
            + "no action and the alarm LessThanOrEqualToThreshold 0; " + SHIPPED + ": <= 0.0); recommended: < 1, "
            + "what the stack's code comment intends (docs/twin.md, Stack profiles)";

    private static final String HEALTH_CHECK_PATH = "as-deployed: " + ECS_STACK + " (ServiceTargetGroup healthCheck "
            + "path '/ready'); recommended: /health, the liveness path, so a task at MAX_CONCURRENT_CALLS stays in "
            + "service (docs/twin.md, Stack profiles)";

    static {
        text("region", "us-east-1", "the AWS region the twin reports", CONFIG + " (region, default us-east-1)");
        text("account", "123456789012", "the 12-digit account id the twin reports",
                ASSUMPTION + " (AWS's example account id)");
        text("cluster", "voice-agent-poc-cluster", "the ECS cluster name",
                ECS_STACK + " (clusterName `${resourcePrefix}-cluster`, prefix voice-agent-poc)");
        text("service", "voice-agent-poc-service", "the ECS service name",
                ECS_STACK + " (serviceName `${resourcePrefix}-service`)");
        text("environment", "poc", "the Environment dimension of the session metrics",
                CONFIG + " (environment, default poc)");
        text("sessionTable", "voice-agent-poc-sessions", "the DynamoDB session table name",
                SESSION_TABLE + " (tableName `${resourcePrefix}-sessions`)");
        text("taskFamily", "voice-agent-poc-voice-agent", "the task definition family",
                ECS_STACK + " (family `${resourcePrefix}-voice-agent`)");
        text("containerName", "voice-agent", "the agent's container name in the task definition",
                ECS_STACK + " (addContainer 'PipecatContainer', containerName 'voice-agent')");
        text("logGroup", "/ecs/voice-agent-poc", "the agent's CloudWatch Logs group",
                ECS_STACK + " (LogGroup 'TaskLogGroup', logGroupName `/ecs/${resourcePrefix}`)");
        text("logStreamPrefix", "voice-agent", "the awslogs stream prefix; streams are <prefix>/<container>/<task id>",
                ECS_STACK + " (LogDrivers.awsLogs, streamPrefix 'voice-agent')");
        text("ttlAttribute", "TTL", "the session table's time-to-live attribute",
                SESSION_TABLE + " (timeToLiveAttribute 'TTL')");
        text("sessionCounterLogGroup", "/aws/lambda/voice-agent-poc-session-counter",
                "the session counter Lambda's CloudWatch Logs group",
                "infrastructure/src/constructs/session-counter-lambda-construct.ts (logGroupName "
                        + "`/aws/lambda/${resourcePrefix}-session-counter`)");
        SPECS.put("stack", new Spec(StackProfile.RECOMMENDED.profileName(), "the stack configuration to reproduce, "
                + "from: " + String.join(", ", StackProfile.names()) + "; a setting given explicitly overrides the "
                + "profile's value", v -> StackProfile.byName(v).isPresent(),
                "this project (docs/twin.md, Stack profiles)"));
        integer("timeScale", 10, "a divisor of 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)",
                v -> v > 0 && 60 % v == 0, RUNTIME);
        integer("awsPort", 0, "a port from 0 (any free port) to 65535", TwinSettings::isPort, RUNTIME);
        integer("dynamodbPort", 0, "a port from 0 (any free port) to 65535", TwinSettings::isPort, RUNTIME);
        integer("sipPort", 0, "a UDP port from 0 (any free port) to 65535", TwinSettings::isPort, RUNTIME);
        integer("rtpInactivityTimeout", 300, "seconds >= 1", v -> v >= 1, ASSUMPTION);
        integer("sipAnswerDelayMillis", 0, "wall-clock milliseconds from 0 to 10000 (never scaled)",
                v -> v >= 0 && v <= 10_000, RUNTIME);
        SPECS.put("refusal", new Spec(Refusal.BYE_AFTER_ANSWER.settingValue(), "how the front door tells a caller that no agent "
                + "took the call: bye-after-answer (Asterisk's Answer() first, then the webhook; a refused call is "
                + "answered, then ended by a BYE from the far end) or sip-503 (the call is answered only once an agent "
                + "took it; a refusal is relayed as SIP 503)", v -> Refusal.bySettingValue(v).isPresent(),
                "the deployed stack answers first: bye-after-answer (by inference: the dialplan is not public; "
                        + "STACK-AS-DEPLOYED.md, The call path; docs/features/ecs-scaling-validation-suite/"
                        + "asterisk-sipp-redesign.md, Answer() before the webhook; its shipped.md diagram answers after "
                        + "the webhook, which sip-503 reproduces)"));
        SPECS.put("webhookDelay", new Spec("2s", "a duration of model time like 2s or 500ms, 0 for none: from the "
                + "caller's answer (bye-after-answer) or INVITE (sip-503) to the webhook's POST /call",
                v -> parseDuration(v).isPresent(), ASSUMPTION + " (the webhook Lambda before it calls the agent: API "
                        + "Gateway, an SSM read and two Daily REST calls, create room and meeting token, in "
                        + WEBHOOK + "; a warm invocation takes about 1-2 s; upstream's asterisk-sipp-redesign.md puts a "
                        + "cold Lambda plus the Daily API at 3-5 s)"));
        SPECS.put("webhookTimeout", new Spec("10s", "a duration of model time from 1s to 60s; the front door waits at "
                + "least 2 s of wall time whatever the time scale",
                v -> parseDuration(v).filter(d -> d.compareTo(Duration.ofSeconds(1)) >= 0
                        && d.compareTo(Duration.ofSeconds(60)) <= 0).isPresent(),
                "infrastructure/src/functions/bot-runner/service_client.py (urlopen(request, timeout=10))"));
        integer("webhookRetries", 2, "an integer from 0 to 5: further POST /call attempts after a refusal, each on a "
                + "new connection (a new NLB flow)", v -> v >= 0 && v <= 5, "as-deployed: " + WEBHOOK
                + " (one POST /call; any answer but started becomes a 503); recommended: 2, fix 1 of "
                + "STACK-AS-DEPLOYED.md (the webhook retries a refused call up to twice, each on a new connection)");
        SPECS.put("greetingDelay", new Spec("1500ms", "a duration of model time from 0 to 60s: from the moment the "
                + "front door bridged a call to the agent's first greeting packet; never sooner than 1 s of wall time "
                + "whatever the time scale", v -> parseDuration(v).filter(d -> d.compareTo(Duration.ofSeconds(60)) <= 0)
                        .isPresent(), ASSUMPTION + " for the value: upstream's agent speaks first, with no fixed delay "
                        + "(backend/voice-agent/app/pipeline_ecs.py:523-544, on_first_participant_joined queues an LLM "
                        + "greeting, \"[The user has just joined the call. Greet them warmly.]\", which TTS speaks), so "
                        + "the caller hears it after the LLM's first token and TTS's first audio: LLM TTFB ~0.9-1.1 s "
                        + "(docs/features/deepgram-sagemaker-bidirectional-streaming/shipped.md), TTS 0.37 s "
                        + "(docs/features/fix-per-component-latency-metrics/idea.md)"));
        integer("sshPort", 0, "a port from 0 (any free port) to 65535; kept across a restart of the load host",
                TwinSettings::isPort, RUNTIME);
        optionalText("workDir", "a directory for the load host's keys and sippHome; empty: a fresh temporary one",
                v -> true, RUNTIME);
        optionalText("sshUser", "a user name (letters, digits, _ . -) for the load host; empty: the OS user",
                v -> v.matches("[A-Za-z_][A-Za-z0-9_.-]{0,31}"), RUNTIME);
        SPECS.put("topology", new Spec(Topology.AUTO.settingValue(), "where the suite runs the twin it starts: "
                + "auto (in network namespaces when `ip netns add` works here, else in-process on loopback), netns "
                + "(network namespaces or an error) or loopback (in-process on 127.0.0.1); a standalone twin ignores "
                + "it (docs/twin.md, Topology)", v -> Topology.bySettingValue(v).isPresent(), RUNTIME));
        SPECS.put("apiAddress", new Spec("127.0.0.1", "an IPv4 address of this machine where the AWS endpoint, "
                + "DynamoDB Local and the SSH load host listen", TwinSettings::isIpv4, RUNTIME));
        SPECS.put("sipAddress", new Spec("127.0.0.1", "an IPv4 address of this machine where the SIP front door "
                + "(and its media) and the NLB listener listen", TwinSettings::isIpv4, RUNTIME));
        SPECS.put("taskAddresses", new Spec("127.0.0.1", "an IPv4 address every task listens on (each on ports "
                + "of its own), or a block like 198.18.2.0/24 whose addresses, all of this machine, are given to "
                + "tasks one each", v -> parseAddressBlock(v).isPresent(), RUNTIME));
        integer("loadHosts", 1, "an integer from 1 to " + MAX_LOAD_HOSTS + ": SSH load hosts, each on a port, with "
                + "keys and a sippHome of its own (load host i > 0 on sshPort + i when sshPort is set, in workDir/load<i> "
                + "when workDir is)", v -> v >= 1 && v <= MAX_LOAD_HOSTS, RUNTIME);
        optionalText("loadHostNetns", "the network namespaces (names `ip netns list` shows), one per load host and "
                + "separated by commas, each load host runs its commands in, with `ip netns exec`; empty: the twin's own",
                v -> v.matches("[A-Za-z0-9_.-]{1,64}(,[A-Za-z0-9_.-]{1,64}){0," + (MAX_LOAD_HOSTS - 1) + "}"),
                RUNTIME);
        integer("minCapacity", 1, "an integer >= 0", v -> v >= 0, CONFIG + " (minCapacity, default 1)");
        integer("maxCapacity", 12, "an integer >= 1", v -> v >= 1, CONFIG + " (maxCapacity, default 12)");
        decimal("targetSessionsPerTask", 3.0, "a number > 0", v -> v > 0,
                CONFIG + " (targetSessionsPerTask, default 3)");
        SPECS.put("targetTrackingMetric", new Spec("SessionsPerTask", "the metric target tracking is configured "
                + "on: SessionsPerTask (Average) or MaxSessionsPerTask (Maximum, the deployed stack's first policy, "
                + "which overshoots)", v -> v.equals("SessionsPerTask") || v.equals("MaxSessionsPerTask"),
                ECS_STACK + " (scaleToTrackMetric, customMetric SessionsPerTask Average)"));
        integer("maxConcurrentCalls", 10, "an integer >= 1", v -> v >= 1,
                CONFIG + " (sessionCapacityPerTask, default 10; MAX_CONCURRENT_CALLS in " + ECS_STACK + ")");
        decimal("coldStartFactor", 1.0, "a number > 0", v -> v > 0, RUNTIME);
        integer("schedulingSeconds", 14, "seconds >= 0", v -> v >= 0, SHIPPED + " (ENI attach + scheduling ~14 s)");
        integer("imagePullSeconds", 37, "seconds >= 0", v -> v >= 0, SHIPPED + " (image pull ~37 s)");
        integer("initSeconds", 17, "seconds >= 0", v -> v >= 0, SHIPPED + " (container init ~17 s)");
        integer("scaleOutCooldown", 60, "seconds >= 0", v -> v >= 0, ECS_STACK + " (scaleOutCooldown 60 s)");
        integer("scaleInCooldownTargetTracking", 300, "seconds >= 0", v -> v >= 0,
                ECS_STACK + " (scaleInCooldown 300 s)");
        bool("disableScaleIn", true, "whether target tracking may scale in", ECS_STACK + " (disableScaleIn: true)");
        SPECS.put("scaleInComparison", new Spec("LessThanThreshold", "the ComparisonOperator of the step scale-in "
                + "alarm: LessThanThreshold or LessThanOrEqualToThreshold",
                v -> v.equals("LessThanThreshold") || v.equals("LessThanOrEqualToThreshold"),
                STEP_ALARM));
        decimal("scaleInThreshold", 1.0, "a number >= 0", v -> v >= 0, STEP_ALARM);
        integer("scaleInEvaluationPeriods", 2, "an integer >= 1", v -> v >= 1,
                ECS_STACK + " (scaleOnMetric 'ScaleIn', evaluationPeriods 2; no datapointsToAlarm)");
        integer("scaleInAdjustment", -3, "a negative integer", v -> v < 0,
                ECS_STACK + " (scaleOnMetric 'ScaleIn', {upper: 0, change: -3})");
        integer("scaleInCooldown", 30, "seconds >= 0", v -> v >= 0,
                ECS_STACK + " (scaleOnMetric 'ScaleIn', cooldown 30 s)");
        SPECS.put("healthCheckPath", new Spec("/ready", "the path the NLB's HTTP health check asks each task: /ready "
                + "(503 while initializing, draining or at maxConcurrentCalls) or /health (200 from the end of "
                + "the agent's init until its process exits)", v -> v.equals("/ready") || v.equals("/health"), HEALTH_CHECK_PATH));
        integer("healthCheckInterval", 10, "seconds from 5 to 300", v -> v >= 5 && v <= 300,
                ECS_STACK + " (target group health check, interval 10 s)");
        integer("healthCheckTimeout", 6, "seconds of model time from 2 to 120 without an answer that fail a "
                + "check; the NLB waits at least 2 s of wall time whatever the time scale", v -> v >= 2 && v <= 120,
                ECS_STACK + " line 480 (the target group's health check sets no timeout; its comment: 'timeout "
                        + "fixed at 6s for HTTP'); Elastic Load Balancing API Reference, CreateTargetGroup "
                        + "(HealthCheckTimeoutSeconds: 2-120 s, 6 s for a target group whose health checks are HTTP)");
        integer("healthyThreshold", 2, "an integer from 2 to 10", v -> v >= 2 && v <= 10,
                ECS_STACK + " (healthyThresholdCount 2)");
        integer("unhealthyThreshold", 2, "an integer from 2 to 10", v -> v >= 2 && v <= 10,
                ECS_STACK + " (unhealthyThresholdCount 2)");
        integer("healthCheckGracePeriod", 60, "seconds from 0 to 2147483647", v -> v >= 0,
                ECS_STACK + " (the FargateService sets no healthCheckGracePeriod); aws-cdk-lib aws-ecs base-service.ts "
                        + "(evaluateHealthGracePeriod: 60 s when a load balancer is attached; ECS's own default is 0)");
        bool("unhealthyTaskRecovers", false, "whether ECS keeps a task it marked unhealthy when its target turns "
                + "healthy again before the task is stopped; false: once marked, it is replaced and stopped",
                ASSUMPTION + ": AWS documents no such case (AmazonECS developerguide ecs_services.html: the scheduler "
                        + "starts a replacement, then stops the unhealthy task once the replacement is HEALTHY); "
                        + "users report ECS never takes a marked task back (github.com/aws/containers-roadmap "
                        + "issues 480 and 1271)");
        integer("deregistrationDelay", 300, "seconds from 0 to 3600", v -> v >= 0 && v <= 3600,
                ECS_STACK + " (deregistrationDelay 300 s)");
        integer("maximumPercent", 200, "a percentage from 100 to 200: how many tasks, as a share of the desired "
                + "count rounded down, may be RUNNING or PENDING while ECS replaces or deploys tasks",
                v -> v >= 100 && v <= 200, ECS_STACK + " (maxHealthyPercent 200); AmazonECS APIReference "
                        + "API_DeploymentConfiguration (maximumPercent, rounded down)");
        integer("minimumHealthyPercent", 100, "a percentage from 0 to 100: how many tasks, as a share of the "
                + "desired count rounded up, must stay RUNNING and healthy while ECS deploys",
                v -> v >= 0 && v <= 100, ECS_STACK + " (minHealthyPercent 100); AmazonECS APIReference "
                        + "API_DeploymentConfiguration (minimumHealthyPercent, rounded up)");
        bool("circuitBreaker", true, "whether a deployment whose tasks keep failing to start is marked FAILED",
                ECS_STACK + " (circuitBreaker {enable: true}); AmazonECS developerguide deployment-circuit-breaker.html");
        bool("circuitBreakerRollback", true, "whether a FAILED deployment rolls back to the last COMPLETED one",
                ECS_STACK + " (circuitBreaker {rollback: true}); AmazonECS developerguide deployment-circuit-breaker.html");
        integer("stopTimeout", 120, "seconds from 2 to 120", v -> v >= 2 && v <= 120,
                ECS_STACK + " (stopTimeout 120 s)");
        integer("drainTimeout", 110, "seconds >= 0", v -> v >= 0,
                "backend/voice-agent/app/service_main.py (drain until 110 s)");
        integer("heartbeatInterval", 30, "seconds >= 1", v -> v >= 1,
                "backend/voice-agent/app/session_tracker.py (HEARTBEAT_INTERVAL_SECONDS 30)");
        integer("heartbeatStaleAfter", 90, "seconds >= 1", v -> v >= 1,
                "infrastructure/src/functions/session-counter/handler.py (HEARTBEAT_STALENESS_SECONDS 90)");
        integer("protectionExpiryMinutes", 30, "minutes from 1 to 2880", v -> v >= 1 && v <= 2880,
                "backend/voice-agent/app/task_protection.py (PROTECTION_EXPIRY_MINUTES 30)");
        bool("taskProtection", true, "whether the agents set ECS task protection while they hold calls; "
                + "false models an agent without it, so scale-in may stop tasks with live calls",
                "backend/voice-agent/app/task_protection.py");
        integer("metricPeriod", 60, "seconds, a multiple of 60", v -> v >= 60 && v % 60 == 0,
                "infrastructure/src/constructs/session-counter-lambda-construct.ts (every minute); " + ECS_STACK
                        + " (period 1 minute)");
        SPECS.put("faults", new Spec("", "a comma-separated list of fault profiles, empty for none, from: "
                + String.join(", ", Fault.names()), v -> parseFaults(v).isPresent(),
                "the twin itself: the stack's known bugs, each as a fault profile (docs/twin.md, Fault profiles)"));
        decimal("apiThrottleRate", 0.0, "a share of requests from 0.0 to 1.0", v -> v >= 0 && v <= 1, RUNTIME);
        decimal("api5xxRate", 0.0, "a share of requests from 0.0 to 1.0", v -> v >= 0 && v <= 1, RUNTIME);
        SPECS.put("apiLatency", new Spec("0", "a duration of model time like 2s, 500ms or 1m30s; 0 for none",
                v -> parseDuration(v).isPresent(), RUNTIME));
        SPECS.put("apiDown", new Spec("", "a comma-separated list of services, empty for none, from: "
                + String.join(", ", ApiNames.ALL), v -> parseServices(v).isPresent(), RUNTIME));
        optionalText("seed", "a whole number that seeds every random choice of the twin (NLB routing, API fault "
                + "draws, call setup jitter); empty: a random seed, printed at start", v -> parseSeed(v).isPresent(),
                RUNTIME);
    }

    /**
     * Options of the standalone twin's runner ({@code TwinMain}), not of the twin: where it writes its
     * endpoints file, and whether it stops when its standard input ends (its parent process is gone).
     */
    private static final Set<String> RUNNER_OPTIONS = Set.of("endpoints", "stopWhenInputEnds");

    private final Map<String, String> values;
    private final Set<Fault> faults;
    private final Duration apiLatency;
    private final Set<String> apiDown;

    private TwinSettings(Map<String, String> values) {
        this.values = values;
        // a bad value never reaches the map, so what is there parses
        this.faults = parseFaults(values.get("faults")).orElseThrow();
        this.apiLatency = parseDuration(values.get("apiLatency")).orElseThrow();
        this.apiDown = parseServices(values.get("apiDown")).orElseThrow();
    }

    public static TwinSettings defaults() {
        return of(Map.of(), "twin.");
    }

    /**
     * Reads the settings whose keys start with {@code prefix} (e.g. {@code twin.}); other keys are
     * ignored.
     *
     * @throws TwinConfigException naming the key and what is allowed, for an unknown key or a bad value
     */
    public static TwinSettings of(Map<String, String> properties, String prefix) {
        Map<String, String> explicit = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        new TreeMap<>(properties).forEach((name, value) -> {
            if (!name.startsWith(prefix) || RUNNER_OPTIONS.contains(name.substring(prefix.length()))) {
                return;
            }
            String key = name.substring(prefix.length());
            Spec spec = SPECS.get(key);
            if (spec == null) {
                errors.add("Unknown twin setting '" + name + "'. Known settings: " + String.join(", ", SPECS.keySet()));
            } else if (!spec.accepts(value.trim())) {
                errors.add("Twin setting '" + name + "' is '" + value + "'; allowed: " + spec.allowed);
            } else {
                explicit.put(key, value.trim());
            }
        });
        // each spec's default, then the stack profile's values, then what was given explicitly
        StackProfile stack = StackProfile.byName(explicit.getOrDefault("stack", SPECS.get("stack").defaultValue))
                .orElseThrow();
        Map<String, String> values = new LinkedHashMap<>();
        SPECS.forEach((key, spec) -> values.put(key, spec.defaultValue));
        values.putAll(stack.settings());
        values.putAll(explicit);
        TwinSettings settings = new TwinSettings(values);
        if (errors.isEmpty() && settings.minCapacity() > settings.maxCapacity()) {
            errors.add("Twin setting '" + prefix + "minCapacity' (" + settings.minCapacity()
                    + ") must not exceed '" + prefix + "maxCapacity' (" + settings.maxCapacity() + ")");
        }
        // one draw per request picks throttling, a 5xx or neither, so the two shares must fit in one
        if (errors.isEmpty() && settings.apiThrottleRate() + settings.api5xxRate() > 1.0) {
            errors.add("Twin settings '" + prefix + "apiThrottleRate' (" + values.get("apiThrottleRate")
                    + ") and '" + prefix + "api5xxRate' (" + values.get("api5xxRate")
                    + ") must not add up to more than 1.0");
        }
        // a namespace per load host, or none: a load host left outside would send from the twin's own address
        if (errors.isEmpty() && !values.get("loadHostNetns").isBlank()
                && values.get("loadHostNetns").split(",").length != settings.loadHosts()) {
            errors.add("Twin setting '" + prefix + "loadHostNetns' names " + values.get("loadHostNetns").split(",").length
                    + " network namespace(s), but '" + prefix + "loadHosts' is " + settings.loadHosts()
                    + "; allowed: one namespace per load host, separated by commas, or none");
        }
        if (!errors.isEmpty()) {
            throw new TwinConfigException(String.join("\n", errors));
        }
        return settings;
    }

    /** The effective settings, for the endpoints file and logs. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * Every setting, described for people: its default, what is allowed, the value each stack profile
     * gives it (when one does), and where the default comes from; e.g. {@code scaleInThreshold} is
     * {@code 1.0 (a number >= 0); recommended: 1.0, as-deployed: 0; source: ...}.
     */
    public static Map<String, String> descriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        SPECS.forEach((key, spec) -> {
            List<String> profiles = new ArrayList<>();
            for (StackProfile profile : StackProfile.values()) {
                if (profile.settings().containsKey(key)) {
                    profiles.add(profile.profileName() + ": " + profile.settings().get(key));
                }
            }
            out.put(key, (spec.defaultValue.isEmpty() ? "empty" : spec.defaultValue) + " (" + spec.allowed + ")"
                    + (profiles.isEmpty() ? "" : "; " + String.join(", ", profiles)) + "; source: " + spec.source);
        });
        return out;
    }

    /** Where each setting's default comes from: an upstream path, an AWS documentation page, or the twin. */
    public static Map<String, String> sources() {
        Map<String, String> out = new LinkedHashMap<>();
        SPECS.forEach((key, spec) -> out.put(key, spec.source));
        return out;
    }

    public String region() { return values.get("region"); }
    public String account() { return values.get("account"); }
    public String cluster() { return values.get("cluster"); }
    public String service() { return values.get("service"); }
    public String environment() { return values.get("environment"); }
    public String sessionTable() { return values.get("sessionTable"); }
    public String taskFamily() { return values.get("taskFamily"); }
    public String containerName() { return values.get("containerName"); }
    public String logGroup() { return values.get("logGroup"); }
    public String logStreamPrefix() { return values.get("logStreamPrefix"); }
    public String sessionCounterLogGroup() { return values.get("sessionCounterLogGroup"); }
    public String ttlAttribute() { return values.get("ttlAttribute"); }
    public int timeScale() { return integer("timeScale"); }
    public int awsPort() { return integer("awsPort"); }
    public int dynamodbPort() { return integer("dynamodbPort"); }
    public int sipPort() { return integer("sipPort"); }
    public int rtpInactivityTimeout() { return integer("rtpInactivityTimeout"); }
    public int sipAnswerDelayMillis() { return integer("sipAnswerDelayMillis"); }
    public int sshPort() { return integer("sshPort"); }
    /** How a refused call ends for the caller (see {@link Refusal}). */
    public Refusal refusal() { return Refusal.bySettingValue(values.get("refusal")).orElseThrow(); }
    /** Model time from the answer (or INVITE) to the webhook's {@code POST /call}. */
    public Duration webhookDelay() { return parseDuration(values.get("webhookDelay")).orElseThrow(); }
    /** Model time the webhook waits for the agent's answer (the wall-clock floor is the front door's). */
    public Duration webhookTimeout() { return parseDuration(values.get("webhookTimeout")).orElseThrow(); }
    /** Model time from the front door bridging a call to the agent's greeting (the wall-clock floor is the task's). */
    public Duration greetingDelay() { return parseDuration(values.get("greetingDelay")).orElseThrow(); }
    /** Further {@code POST /call} attempts after a refusal, each on a new connection. */
    public int webhookRetries() { return integer("webhookRetries"); }
    /** The work directory, if one was set. */
    public Optional<String> workDir() { return optional("workDir"); }
    /** The SSH user, if one was set. */
    public Optional<String> sshUser() { return optional("sshUser"); }
    /** Where the suite runs the twin it starts (read by the suite's wiring; the twin itself ignores it). */
    public Topology topology() { return Topology.bySettingValue(values.get("topology")).orElseThrow(); }
    /** Where the AWS endpoint, DynamoDB Local and the SSH load host listen. */
    public String apiAddress() { return values.get("apiAddress"); }
    /** Where the SIP front door, its media and the NLB listener listen. */
    public String sipAddress() { return values.get("sipAddress"); }
    /**
     * The addresses tasks listen on: one that all share (each task on ports of its own), or the host
     * addresses of a block, given to tasks one each, in order.
     */
    public List<String> taskAddresses() { return parseAddressBlock(values.get("taskAddresses")).orElseThrow(); }
    /** How many SSH load hosts the twin offers. */
    public int loadHosts() { return integer("loadHosts"); }
    /** The network namespace load host {@code i} runs its commands in, if namespaces were set. */
    public Optional<String> loadHostNetns(int i) {
        return optional("loadHostNetns").map(list -> list.split(",")[i]);
    }
    public int minCapacity() { return integer("minCapacity"); }
    public int maxCapacity() { return integer("maxCapacity"); }
    public double targetSessionsPerTask() { return decimal("targetSessionsPerTask"); }
    /** The metric target tracking is configured on, and so reports and follows. */
    public String targetTrackingMetric() { return values.get("targetTrackingMetric"); }
    /** The statistic that goes with {@link #targetTrackingMetric()}: Maximum for the maximum, else Average. */
    public String targetTrackingStatistic() {
        return targetTrackingMetric().startsWith("Max") ? "Maximum" : "Average";
    }
    public int maxConcurrentCalls() { return integer("maxConcurrentCalls"); }
    public double coldStartFactor() { return decimal("coldStartFactor"); }
    public int schedulingSeconds() { return integer("schedulingSeconds"); }
    public int imagePullSeconds() { return integer("imagePullSeconds"); }
    public int initSeconds() { return integer("initSeconds"); }
    public int scaleOutCooldown() { return integer("scaleOutCooldown"); }
    public int scaleInCooldownTargetTracking() { return integer("scaleInCooldownTargetTracking"); }
    public boolean disableScaleIn() { return Boolean.parseBoolean(values.get("disableScaleIn")); }
    /** The stack configuration the twin reproduces; its values are the defaults of the settings it names. */
    public StackProfile stack() { return StackProfile.byName(values.get("stack")).orElseThrow(); }
    /** The ComparisonOperator of the step scale-in alarm (LessThanThreshold or LessThanOrEqualToThreshold). */
    public String scaleInComparison() { return values.get("scaleInComparison"); }
    public double scaleInThreshold() { return decimal("scaleInThreshold"); }
    public int scaleInEvaluationPeriods() { return integer("scaleInEvaluationPeriods"); }
    public int scaleInAdjustment() { return integer("scaleInAdjustment"); }
    public int scaleInCooldown() { return integer("scaleInCooldown"); }
    /** The path the NLB's health check asks: {@code /ready} as deployed, {@code /health} on the recommended stack. */
    public String healthCheckPath() { return values.get("healthCheckPath"); }
    public int healthCheckInterval() { return integer("healthCheckInterval"); }
    /** Model time without an answer that fails one health check (the wall-clock floor is {@link WallTimeout}'s). */
    public Duration healthCheckTimeout() { return Duration.ofSeconds(integer("healthCheckTimeout")); }
    /** How long after a task started ECS ignores its failing load balancer health checks (model seconds). */
    public int healthCheckGracePeriod() { return integer("healthCheckGracePeriod"); }
    /** Whether a task ECS marked unhealthy is kept when its target turns healthy again before it is stopped. */
    public boolean unhealthyTaskRecovers() { return Boolean.parseBoolean(values.get("unhealthyTaskRecovers")); }
    public int healthyThreshold() { return integer("healthyThreshold"); }
    public int unhealthyThreshold() { return integer("unhealthyThreshold"); }
    public int deregistrationDelay() { return integer("deregistrationDelay"); }
    public int stopTimeout() { return integer("stopTimeout"); }
    /** Tasks RUNNING or PENDING at most while ECS replaces or deploys, in percent of the desired count. */
    public int maximumPercent() { return integer("maximumPercent"); }
    /** Tasks RUNNING and healthy at least while ECS deploys, in percent of the desired count. */
    public int minimumHealthyPercent() { return integer("minimumHealthyPercent"); }
    public boolean circuitBreaker() { return Boolean.parseBoolean(values.get("circuitBreaker")); }
    public boolean circuitBreakerRollback() { return Boolean.parseBoolean(values.get("circuitBreakerRollback")); }
    public int drainTimeout() { return integer("drainTimeout"); }
    public int heartbeatInterval() { return integer("heartbeatInterval"); }
    public int heartbeatStaleAfter() { return integer("heartbeatStaleAfter"); }
    public int protectionExpiryMinutes() { return integer("protectionExpiryMinutes"); }
    public int metricPeriod() { return integer("metricPeriod"); }
    public boolean taskProtection() { return Boolean.parseBoolean(values.get("taskProtection")); }

    /** The fault profiles the twin reproduces; empty for the healthy stack. */
    public Set<Fault> faults() { return faults; }

    public boolean hasFault(Fault fault) { return faults.contains(fault); }

    /** The share of AWS API requests the endpoint answers with its protocol's throttling error. */
    public double apiThrottleRate() { return decimal("apiThrottleRate"); }

    /** The share of AWS API requests the endpoint answers with HTTP 500 InternalFailure. */
    public double api5xxRate() { return decimal("api5xxRate"); }

    /** The delay of every AWS API answer, in model time (the endpoint divides it by the time scale). */
    public Duration apiLatency() { return apiLatency; }

    /** The services whose every request is answered with HTTP 503 ServiceUnavailable. */
    public Set<String> apiDown() { return apiDown; }

    /** The seed of every random choice of the twin, if one was set (see the twin's {@code TwinRandom}). */
    public OptionalLong seed() {
        String value = values.get("seed");
        return value.isEmpty() ? OptionalLong.empty() : parseSeed(value);
    }

    /** Whether the AWS endpoint injects any fault: throttling, 5xx, latency or a service down. */
    public boolean hasApiFaults() {
        return apiThrottleRate() > 0 || api5xxRate() > 0 || !apiLatency.isZero() || !apiDown.isEmpty();
    }

    /** Names separated by commas, blanks around them allowed; empty when any name is not a profile. */
    private static Optional<Set<Fault>> parseFaults(String value) {
        if (value.isBlank()) {
            return Optional.of(Collections.unmodifiableSet(EnumSet.noneOf(Fault.class)));
        }
        Set<Fault> out = EnumSet.noneOf(Fault.class);
        for (String name : value.split(",", -1)) {
            Optional<Fault> fault = Fault.byName(name.trim());
            if (fault.isEmpty()) {
                return Optional.empty();
            }
            out.add(fault.get());
        }
        return Optional.of(Collections.unmodifiableSet(out));
    }

    /** {@code 0}, or minutes, seconds and milliseconds in that order, each at most once: 2s, 500ms, 1m30s. */
    private static Optional<Duration> parseDuration(String value) {
        if (value.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = DURATION.matcher(value);
        if (value.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        Duration d = Duration.ZERO;
        if (m.group(1) != null) {
            d = d.plusMinutes(Long.parseLong(m.group(1)));
        }
        if (m.group(2) != null) {
            d = d.plusSeconds(Long.parseLong(m.group(2)));
        }
        if (m.group(3) != null) {
            d = d.plusMillis(Long.parseLong(m.group(3)));
        }
        return Optional.of(d);
    }

    /** Service names separated by commas, blanks around them allowed; empty when any name is not a service. */
    private static Optional<Set<String>> parseServices(String value) {
        Set<String> out = new LinkedHashSet<>();
        if (value.isBlank()) {
            return Optional.of(Collections.unmodifiableSet(out));
        }
        for (String name : value.split(",", -1)) {
            if (!ApiNames.ALL.contains(name.trim())) {
                return Optional.empty();
            }
            out.add(name.trim());
        }
        return Optional.of(Collections.unmodifiableSet(out));
    }

    /** A dotted-quad IPv4 address, each part 0-255. */
    private static boolean isIpv4(String value) {
        return ipv4(value).isPresent();
    }

    private static OptionalLong ipv4(String value) {
        Matcher m = IPV4.matcher(value);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int part = Integer.parseInt(m.group(i));
            if (part > 255) {
                return OptionalLong.empty();
            }
            address = address << 8 | part;
        }
        return OptionalLong.of(address);
    }

    /**
     * One address, or a block {@code a.b.c.d/n} (n from 22 to 30, so it holds 2 to 1022 tasks) given as
     * its host addresses: without the block's first (network) and last (broadcast) address.
     */
    private static Optional<List<String>> parseAddressBlock(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return isIpv4(value) ? Optional.of(List.of(value)) : Optional.empty();
        }
        OptionalLong base = ipv4(value.substring(0, slash));
        int bits;
        try {
            bits = Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (base.isEmpty() || bits < 22 || bits > 30) {
            return Optional.empty();
        }
        long size = 1L << (32 - bits);
        long network = base.getAsLong() & ~(size - 1) & 0xFFFFFFFFL;
        List<String> out = new ArrayList<>();
        for (long a = network + 1; a < network + size - 1; a++) {
            out.add((a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255));
        }
        return Optional.of(List.copyOf(out));
    }

    private static OptionalLong parseSeed(String value) {
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private Optional<String> optional(String key) {
        String value = values.get(key);
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private int integer(String key) {
        return Integer.parseInt(values.get(key));
    }

    private double decimal(String key) {
        return Double.parseDouble(values.get(key));
    }

    private static boolean isPort(int value) {
        return value >= 0 && value <= 65535;
    }

    private static void text(String key, String defaultValue, String allowed, String source) {
        SPECS.put(key, new Spec(defaultValue, allowed, v -> !v.isBlank(), source));
    }

    private static void optionalText(String key, String allowed, Predicate<String> valid, String source) {
        SPECS.put(key, new Spec("", allowed, v -> v.isEmpty() || valid.test(v), source));
    }

    private static void integer(String key, int defaultValue, String allowed, Predicate<Integer> valid,
            String source) {
        SPECS.put(key, new Spec(String.valueOf(defaultValue), allowed, v -> {
            try {
                return valid.test(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                return false;
            }
        }, source));
    }

    private static void decimal(String key, double defaultValue, String allowed, Predicate<Double> valid,
            String source) {
        SPECS.put(key, new Spec(String.valueOf(defaultValue), allowed, v -> {
            try {
                double d = Double.parseDouble(v);
                return Double.isFinite(d) && valid.test(d);
            } catch (NumberFormatException e) {
                return false;
            }
        }, source));
    }

    private static void bool(String key, boolean defaultValue, String allowed, String source) {
        SPECS.put(key, new Spec(String.valueOf(defaultValue), "true or false (" + allowed + ")",
                v -> v.equals("true") || v.equals("false"), source));
    }

    /** Where the suite runs the twin it starts (the setting {@code topology}; docs/twin.md, Topology). */
    public enum Topology {
        /** Network namespaces when {@code ip netns add} works on this machine, else loopback. */
        AUTO("auto"),
        /** Network namespaces, or an error naming why they cannot be made. */
        NETNS("netns"),
        /** In the suite's own JVM, everything on 127.0.0.1. */
        LOOPBACK("loopback");

        private final String settingValue;

        Topology(String settingValue) {
            this.settingValue = settingValue;
        }

        public String settingValue() {
            return settingValue;
        }

        public static Optional<Topology> bySettingValue(String value) {
            for (Topology t : values()) {
                if (t.settingValue.equals(value)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return settingValue;
        }
    }

    /** How the front door tells a caller that no agent took the call (the setting {@code refusal}). */
    public enum Refusal {
        /** Asterisk's {@code Answer()} first: the caller gets 200 at once, and a BYE when no agent takes the call. */
        BYE_AFTER_ANSWER("bye-after-answer"),
        /** The caller gets 200 only once an agent took the call, else a SIP 503. */
        SIP_503("sip-503");

        private final String settingValue;

        Refusal(String settingValue) {
            this.settingValue = settingValue;
        }

        /** The value the setting {@code refusal} uses. */
        public String settingValue() {
            return settingValue;
        }

        public static Optional<Refusal> bySettingValue(String value) {
            for (Refusal r : values()) {
                if (r.settingValue.equals(value)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return settingValue;
        }
    }

    /** @param source where the default comes from (see {@link #sources()}) */
    private record Spec(String defaultValue, String allowed, Predicate<String> accepts, String source) {
        boolean accepts(String value) {
            return accepts.test(value);
        }
    }
}
