package dev.scalingsuite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The test command ({@code ./mvnw verify -Pfull}) runs every test on the settings the tests give
 * themselves. A {@code config.yaml} left in the project, or a {@code -Dscaling.*} property inherited
 * from the shell, {@code MAVEN_OPTS} or an IDE, would silently change every scenario test (a leaked
 * dry run even turns every step into "aborted" and leaves the build green), so the test command
 * refuses to start with one, naming it. The scenario profiles ({@code -Pscenario=NAME}) honour both,
 * as documented.
 *
 * <p>Run by Maven in the {@code full} profile before any test ({@code exec:java}, in Maven's own JVM,
 * which holds every {@code -D} of the command line and of {@code MAVEN_OPTS}).
 */
public final class HermeticTestCommand {

    static final String PREFIX = "scaling.";
    static final String CONFIG_FILE = "config.yaml";

    private HermeticTestCommand() {
    }

    /** @param args the project's directory */
    public static void main(String[] args) {
        List<String> found = findings(Path.of(args.length > 0 ? args[0] : ""), System.getProperties().stringPropertyNames());
        if (!found.isEmpty()) {
            throw new Refused(message(found));
        }
    }

    /** The refusal: its message is all there is to say, so it carries no stack frames to print. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** What would change the test command's settings: property names only, never their values. */
    static List<String> findings(Path project, Iterable<String> propertyNames) {
        List<String> found = new ArrayList<>();
        if (Files.exists(project.resolve(CONFIG_FILE))) {
            found.add(project.toAbsolutePath().normalize().resolve(CONFIG_FILE) + " (a suite configuration)");
        }
        TreeSet<String> properties = new TreeSet<>();
        propertyNames.forEach(name -> {
            if (name.startsWith(PREFIX)) {
                properties.add(name);
            }
        });
        properties.forEach(name -> found.add("-D" + name + " (a system property, from the command line or MAVEN_OPTS)"));
        return found;
    }

    static String message(List<String> found) {
        return "The test command (./mvnw verify -Pfull) runs every test on its own settings and refuses to start with "
                + String.join(", ", found) + ". Move the file away or drop the property; to run a scenario with "
                + "them, use ./mvnw verify -Pscenario=NAME.";
    }
}
