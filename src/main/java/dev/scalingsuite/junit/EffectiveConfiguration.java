package dev.scalingsuite.junit;

import dev.scalingsuite.config.AwsTarget;
import dev.scalingsuite.config.Bounds;
import dev.scalingsuite.config.ConfigValue;
import dev.scalingsuite.config.LoadHost;
import dev.scalingsuite.config.SuiteConfig;
import dev.scalingsuite.fleet.FargatePrices;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The configuration a run used, as YAML for the Allure report and the run directory. Credentials
 * are never written: an endpoints file's keys show as {@code ****}; key files only by path.
 */
final class EffectiveConfiguration {

    private EffectiveConfiguration() {
    }

    static String render(SuiteConfig c, Suite suite) {
        StringBuilder out = new StringBuilder();
        out.append("# effective configuration of this run (credentials masked)\n");
        out.append("target: ").append(c.target().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        out.append("target-description: ").append(suite.targetInfo().description()).append('\n');
        out.append("service: ").append(suite.targetInfo().service())
                .append("   # cluster/service by name: what every API and the run lock use\n");
        c.source().ifPresent(s -> out.append("config-file: ").append(s).append('\n'));
        out.append("time-scale: ").append(suite.timeScale().factor()).append('\n');
        out.append("waits: ").append(c.waits().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        out.append("reports-dir: ").append(c.reportsDir()).append('\n');
        Path history = HistoryKeeper.dir(c.history());
        out.append("history-dir: ").append(history).append("   # ").append(history.equals(c.history().dir())
                ? c.history().dirOrigin() : "the test command's (the pom's suite.history.dir)").append('\n');
        c.history().baseline().ifPresent(b -> out.append("baseline: ").append(b).append('\n'));
        c.slosFile().ifPresent(f -> out.append("slos-file: ").append(f).append('\n'));
        out.append("api-call-timeout: ").append(c.apiCallTimeout()).append('\n');
        c.endpoints().ifPresent(e -> out.append("endpoints:\n")
                .append("  file: ").append(e.file()).append('\n')
                .append("  aws: ").append(e.aws()).append('\n')
                .append("  dynamodb: ").append(e.dynamodb()).append('\n')
                .append("  sip: ").append(e.sip()).append('\n')
                .append("  region: ").append(e.region()).append('\n')
                .append("  access-key-id: ****\n  secret-access-key: ****\n"));
        AwsTarget aws = c.aws();
        out.append("aws:\n");
        value(out, "region", aws.region());
        value(out, "cluster", aws.cluster());
        value(out, "service", aws.service());
        value(out, "session-table", aws.sessionTable());
        value(out, "log-group", aws.logGroup());
        value(out, "target-group", aws.targetGroup());
        value(out, "task-definition", aws.taskDefinition());
        value(out, "environment", aws.environment());
        value(out, "sip", aws.sip());
        out.append("load-hosts:\n");
        for (LoadHost h : c.loadHosts()) {
            out.append("  - host: ").append(h.host()).append(':').append(h.port()).append(", user: ").append(h.user())
                    .append(", private-key: ").append(h.privateKey()).append(", known-hosts: ").append(h.knownHosts())
                    .append(", sipp-home: ").append(h.sippHome())
                    .append(", bind: ").append(h.bind().orElse("(the host's source address for the SIP entry point)"))
                    .append(", weight: ").append(h.weight())
                    .append('\n');
        }
        out.append("recovery: {allow: ").append(c.recovery().allow()).append(", stop-foreign-sipp: ")
                .append(c.recovery().stopForeignSipp()).append(", timeout: ").append(c.recovery().timeout()).append("}\n");
        out.append("allow-deployments: ").append(c.allowDeployments()).append('\n');
        out.append("poll: ").append(c.poll()).append('\n');
        c.protectionExpiry().ifPresent(d -> out.append("protection-expiry: ").append(d.toMinutes()).append("m\n"));
        var bounds = c.bounds();
        out.append("max-run-time: ").append(Bounds.show(bounds.maxRunTime())).append("   # ")
                .append(bounds.maxRunTimeOrigin()).append('\n');
        out.append("max-task-minutes: ").append(bounds.maxTaskMinutes()).append("   # ")
                .append(bounds.maxTaskMinutesOrigin()).append('\n');
        var generators = c.generators();
        out.append("generator:\n");
        generators.lines().stream().filter(line -> line.startsWith("generator."))
                .forEach(line -> out.append("  ").append(line.substring("generator.".length())).append('\n'));
        out.append("allow-inconclusive: ").append(generators.allowInconclusive()).append('\n');
        out.append("price:\n");
        price(out, "vcpu-hour", c.pricing().vcpuHour());
        price(out, "gb-hour", c.pricing().gbHour());
        out.append("telemetry:\n");
        c.telemetry().lines().forEach(line -> out.append("  ").append(line.substring("telemetry.".length()))
                .append('\n'));
        if (!c.twin().isEmpty()) {
            out.append("twin:\n");
            new java.util.TreeMap<>(c.twin()).forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
        }
        return out.toString();
    }

    /** A configured price with where it was set, or the built-in one's place. */
    private static void price(StringBuilder out, String key, Optional<FargatePrices.Price> price) {
        out.append("  ").append(key).append(": ").append(price.map(p -> p.usdPerHour() + "   # " + p.origin())
                .orElse("(built-in for the run's region, if it has one; docs/reports.md, \"Cost of a run\")"))
                .append('\n');
    }

    private static void value(StringBuilder out, String key, Optional<ConfigValue> value) {
        value.ifPresent(v -> out.append("  ").append(key).append(": ").append(v).append('\n'));
    }
}
