package dev.scalingsuite.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's one append-only record of what was observed and done. Each event is a JSON line
 * ({@code {"at":"...","kind":"service","running":2,...}}) written and flushed as it is appended, so a
 * crash loses nothing; the reports are built from it.
 */
public final class Timeline implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Event> events = new ArrayList<>();
    private final BufferedWriter out;

    private Timeline(BufferedWriter out) {
        this.out = out;
    }

    /** A timeline kept in memory and persisted as NDJSON to {@code file}. */
    public static Timeline writingTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new Timeline(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the timeline to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The events of a timeline written earlier (NDJSON), oldest first: for reports and their tests. */
    public static List<Event> read(Path file) {
        List<Event> events = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = JSON.readValue(line, LinkedHashMap.class);
                Instant at = Instant.parse(String.valueOf(fields.remove("at")));
                String kind = String.valueOf(fields.remove("kind"));
                events.add(new Event(at, kind, fields));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot read the timeline " + file + ": " + e.getMessage(), e);
        }
        return events;
    }

    /** A timeline kept in memory only (for tests). */
    public static Timeline inMemory() {
        return new Timeline(null);
    }

    public synchronized void append(Instant at, String kind, Map<String, ?> fields) {
        Event event = new Event(at, kind, new LinkedHashMap<>(fields));
        events.add(event);
        if (out != null) {
            try {
                ObjectNode line = JSON.createObjectNode().put("at", at.toString()).put("kind", kind);
                line.setAll(JSON.<ObjectNode>valueToTree(fields));
                out.write(JSON.writeValueAsString(line));
                out.newLine();
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot append to the timeline: " + e.getMessage(), e);
            }
        }
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized List<Event> events(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    public synchronized Optional<Event> last(String kind) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).kind().equals(kind)) {
                return Optional.of(events.get(i));
            }
        }
        return Optional.empty();
    }

    /** The last {@code n} events, oldest first, one line each: for failure messages. */
    public synchronized String excerpt(int n) {
        StringBuilder text = new StringBuilder();
        for (Event event : events.subList(Math.max(0, events.size() - n), events.size())) {
            text.append(event).append(System.lineSeparator());
        }
        return text.toString();
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One observation or action. */
    public record Event(Instant at, String kind, Map<String, Object> fields) {
        @Override
        public String toString() {
            return at + " " + kind + " " + fields;
        }
    }
}
