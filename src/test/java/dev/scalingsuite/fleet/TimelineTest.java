package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {

    @Test
    void eachEventIsOneFlushedJsonLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timeline.ndjson");
        try (Timeline timeline = Timeline.writingTo(file)) {
            timeline.append(Instant.parse("2026-11-23T12:00:00Z"), "service", Map.of("running", 1));
            // flushed before close: a crash loses nothing
            assertThat(Files.readAllLines(file))
                    .containsExactly("{\"at\":\"2026-11-23T12:00:00Z\",\"kind\":\"service\",\"running\":1}");
            timeline.append(Instant.parse("2026-11-23T12:00:05Z"), "step", Map.of("index", 1));
            assertThat(timeline.events("step")).hasSize(1);
            assertThat(timeline.last("service")).hasValueSatisfying(e -> assertThat(e.fields()).containsEntry("running", 1));
            assertThat(timeline.excerpt(1)).startsWith("2026-11-23T12:00:05Z step {index=1}");
        }
    }
}
