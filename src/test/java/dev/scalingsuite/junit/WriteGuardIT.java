package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingsuite.load.SippProcesses;
import dev.scalingsuite.testing.ScenarioResults;
import dev.scalingsuite.testing.ScenarioTestKit;
import dev.scalingsuite.twin.Twin;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before it changes anything the suite checks the account, that recovery is allowed, and takes the
 * service's run lock; while it runs, it keeps to its bounds. Against a twin reached through its endpoints
 * file exactly as against AWS.
 */
class WriteGuardIT {

    @TempDir
    Path dir;

    private Twin twin;
    private Path endpoints;
    private String lock;

    @BeforeEach
    void startTwin() throws Exception {
        twin = Twin.start(TwinSettings.of(Map.of("twin.timeScale", "30"), "twin."));
        endpoints = dir.resolve("endpoints.json");
        twin.endpoints().write(endpoints);
        // the names the twin gives them, as deployed; the endpoints file carries none
        lock = "/scaling-suite/locks/" + twin.settings().cluster() + "/" + twin.settings().service();
    }

    @AfterEach
    void stopTwin() {
        twin.close();
    }

    private ScenarioResults run(String config) {
        return ScenarioTestKit.run(OneScaleOutTestCases.class).withEndpoints(endpoints).withConfig(config)
                .reportsIn(dir.resolve("reports")).execute();
    }

    private String parameter(String name) {
        synchronized (twin.stack()) {
            return twin.stack().parameters().get(name);
        }
    }

    private int desired() {
        synchronized (twin.stack()) {
            return twin.stack().ecs().desiredCount();
        }
    }

    @Test
    void anotherAccountChangesNothing() throws Exception {
        ScenarioResults results = run("allowed-accounts: [999999999999]\n");

        assertThat(results.startedSteps()).isEmpty();
        assertThat(results.classFailure()).hasMessage("The credentials act in account "
                + twin.endpoints().account() + ", which allowed-accounts (999999999999) does not name, so the suite "
                + "changes nothing. Check AWS_PROFILE and the region, or add the account to allowed-accounts if this "
                + "is the stack to test.");
        assertThat(parameter(lock)).as("no run lock was taken").isNull();
        Path runs = twin.loadHost().sippHome().resolve("runs");
        assertThat(Files.exists(runs) ? Files.list(runs).toList() : java.util.List.of()).as("no SIPp run").isEmpty();
    }

    @Test
    void recoveryThatIsNotAllowedChangesNothing() throws Exception {
        ScenarioResults results = run("recovery: {allow: false}\n");

        assertThat(results.startedSteps()).isEmpty();
        assertThat(results.classFailure())
                .hasMessageStartingWith("recovery.allow is false, and the suite changes the service");
        assertThat(parameter(lock)).isNull();
    }

    @Test
    void aLockHeldByAnotherRunRefusesTheRunAndStaysItsOwn() throws Exception {
        String claim = "owner=ci@runner pid 9\nrun=run-9\nexpires=" + Instant.now().plusSeconds(3600) + "\n";
        synchronized (twin.stack()) {
            twin.stack().parameters().put(lock, claim);
        }
        int desiredBefore = desired();

        ScenarioResults results = run("");

        assertThat(results.startedSteps()).isEmpty();
        assertThat(results.classFailure()).hasMessageStartingWith("The run lock " + lock
                + " is taken: held by ci@runner pid 9 (run run-9) until ");
        assertThat(parameter(lock)).isEqualTo(claim);
        assertThat(desired()).isEqualTo(desiredBefore);
    }

    /**
     * One run, two guards: it holds the run lock while it lasts and releases it at the end; and a bound of
     * the run, reached once the fleet has scaled out, ends it the orderly way: ABORTED naming the bound, its
     * calls ended by INFO (completed, not dropped), no SIPp left, the desired count back at the minimum.
     */
    @Test
    void aRunHoldsTheLockWhileItRunsAndABoundEndsItTheOrderlyWay() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> {
            String value = parameter(lock);
            if (value != null) {
                seen.compareAndSet(null, value);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        ScenarioResults results;
        try {
            // one-scale-out asks for the second task at about 3-4 model minutes and holds its calls from about 6
            results = run("max-run-time: 6m\n");
        } finally {
            watcher.shutdownNow();
        }

        assertThat(seen.get()).as("the lock while the run lasted").startsWith("owner=")
                .contains("pid " + ProcessHandle.current().pid());
        assertThat(parameter(lock)).as("released at the end").isNull();

        JsonNode json = results.resultsJson();
        assertThat(StreamSupport.stream(json.path("timeline").spliterator(), false)
                .mapToInt(e -> e.path("desired").asInt()).max().orElse(0))
                .as("the fleet had scaled out when the bound was reached: %s", json.path("timeline"))
                .isGreaterThanOrEqualTo(2);
        assertThat(json.path("outcome").asText()).isEqualTo("ABORTED");
        assertThat(json.path("reason").asText()).startsWith("max-run-time 6m reached: ").contains(", during step ");
        assertThat(json.path("bounds").path("reached").asText()).isEqualTo("max-run-time");
        assertThat(StreamSupport.stream(json.path("steps").spliterator(), false).map(st -> st.path("status").asText())
                .filter(status -> !status.equals("PASSED")).distinct()).as("steps in results.json")
                .containsExactly("ABORTED", "NOT_RUN");
        assertThat(results.failedSteps()).as("the build fails: the run proved nothing").hasSize(1);
        assertThat(results.failedSteps().get(0).message()).startsWith("aborted: max-run-time 6m reached: ");
        assertThat(results.abortedSteps()).isNotEmpty().allSatisfy(step -> assertThat(step.message())
                .startsWith("not run: the run was aborted: max-run-time 6m reached: "));
        assertThat(results.report()).contains("**Result**: ABORTED  \n**Reason**: max-run-time 6m reached: ");
        JsonNode calls = json.path("calls");
        assertThat(calls.path("answered").asInt()).as("calls: %s", calls).isEqualTo(5);
        assertThat(calls.path("completed").asInt()).as("ended by INFO, then BYE: %s", calls).isEqualTo(5);
        assertThat(calls.path("dropped").asInt()).isZero();
        assertThat(SippProcesses.under(twin.loadHost().sippHome())).as("no SIPp left").isEmpty();
        assertThat(desired()).as("the desired count back at the minimum").isEqualTo(1);
        assertThat(json.path("taskMinutes").path("tasks").asInt()).as("the first task and the new one").isGreaterThanOrEqualTo(2);
    }

    @ScalingScenario("scenarios/probes/one-scale-out.yaml")
    static class OneScaleOutTestCases implements ScenarioSteps {
    }
}
