package dev.scalingsuite.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A run's {@code timeline.ndjson} read while the run writes it, from outside the run's JVM. */
public final class RunTimeline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunTimeline() {
    }

    /** The run directory under {@code reports} once its timeline says step {@code index} started. */
    public static Optional<Path> awaitStepStarted(Path reports, int index, Duration timeout) throws InterruptedException,
            IOException {
        return await(reports, timeout, (dir, lines) -> lines.stream().anyMatch(line -> isStepStart(line, index))
                ? Optional.of(dir) : Optional.empty());
    }

    /**
     * The sessions per task of the first {@code sessions} sample in the run's timeline under
     * {@code reports}: what the fleet looked like when the run's monitors started.
     */
    public static Optional<Map<String, Integer>> awaitFirstSessions(Path reports, Duration timeout)
            throws InterruptedException, IOException {
        return await(reports, timeout, (dir, lines) -> lines.stream().map(RunTimeline::sessions)
                .flatMap(Optional::stream).findFirst());
    }

    /** The first answer {@code read} gives from a run's timeline lines under {@code reports}, polled until {@code timeout}. */
    private static <T> Optional<T> await(Path reports, Duration timeout,
            BiFunction<Path, List<String>, Optional<T>> read) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.isDirectory(reports)) {
                try (Stream<Path> dirs = Files.list(reports)) {
                    for (Path dir : dirs.toList()) {
                        Path timeline = dir.resolve("timeline.ndjson");
                        Optional<T> found = Files.exists(timeline) ? read.apply(dir, Files.readAllLines(timeline))
                                : Optional.empty();
                        if (found.isPresent()) {
                            return found;
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    private static Optional<Map<String, Integer>> sessions(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            if (!event.path("kind").asText().equals("sessions")) {
                return Optional.empty();
            }
            Map<String, Integer> byTask = new TreeMap<>();
            event.path("byTask").fields().forEachRemaining(e -> byTask.put(e.getKey(), e.getValue().asInt()));
            return Optional.of(byTask);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static boolean isStepStart(String line, int index) {
        try {
            JsonNode event = JSON.readTree(line);
            return event.path("kind").asText().equals("step") && event.path("index").asInt() == index
                    && event.path("state").asText().equals("started");
        } catch (IOException e) {
            return false; // the line being written; whole on the next read
        }
    }
}
