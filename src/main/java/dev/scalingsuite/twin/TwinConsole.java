package dev.scalingsuite.twin;

import dev.scalingsuite.twin.stack.ApiNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Commands a standalone twin takes on its standard input, one per line, so a test (or a person at the
 * terminal) can break things mid-run where the fault settings fix them at start: {@code restart-ssh}
 * drops every SSH connection to the load host (same port and host key), {@code api-down SERVICE[,...]}
 * answers those services with 503 from now on, {@code api-up} ends that.
 */
final class TwinConsole {

    static final String ALLOWED = "restart-ssh, api-down SERVICE[,SERVICE...] (from: "
            + String.join(", ", ApiNames.ALL) + "), api-up";

    private final Twin twin;

    TwinConsole(Twin twin) {
        this.twin = twin;
    }

    /** Reads commands until the input ends, on a daemon thread; each answered with one line. */
    void startReading(InputStream in) {
        startReading(in, () -> { });
    }

    /** Reads commands until the input ends, then runs {@code atEnd}, on a daemon thread. */
    void startReading(InputStream in, Runnable atEnd) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.isBlank()) {
                        System.out.println("twin: " + execute(line.strip()));
                    }
                }
            } catch (IOException e) {
                System.out.println("twin: commands no longer read: " + e.getMessage());
            }
            atEnd.run();
        }, "twin-console");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs one command; the answer says what was done, or what is allowed. */
    String execute(String command) {
        String[] words = command.split("\\s+", 2);
        switch (words[0]) {
            case "restart-ssh" -> {
                twin.loadHost().restart();
                return "SSH load host restarted on port " + twin.loadHost().port();
            }
            case "api-down" -> {
                Set<String> services = new LinkedHashSet<>();
                for (String name : (words.length > 1 ? words[1] : "").split(",")) {
                    if (!ApiNames.ALL.contains(name.strip())) {
                        return "unknown service '" + name.strip() + "' in '" + command + "'; allowed: " + ALLOWED;
                    }
                    services.add(name.strip());
                }
                twin.apiFaults().down(services);
                return "API down: " + String.join(", ", services);
            }
            case "api-up" -> {
                twin.apiFaults().down(Set.of());
                return "API up";
            }
            default -> {
                return "unknown command '" + command + "'; allowed: " + ALLOWED;
            }
        }
    }
}
