package dev.scalingsuite.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.fleet.AgentEvent;
import dev.scalingsuite.fleet.AgentEvents;
import dev.scalingsuite.fleet.LogEventsPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agents' call events read on from the last read, with an overlap for events the log delivers late. */
class AgentEventLogTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    /** A log whose events show only once it is read at or after their delivery. */
    private static final class Log implements LogEventsPort {
        final List<Object[]> events = new ArrayList<>(); // name, at, deliveredAt
        final List<Instant[]> reads = new ArrayList<>();
        boolean failing;

        Log add(String name, long atSecond, long deliveredSecond) {
            events.add(new Object[] {name, T0.plusSeconds(atSecond), T0.plusSeconds(deliveredSecond)});
            return this;
        }

        @Override
        public Map<String, Long> count(Collection<String> names, Instant from, Instant to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String where() {
            return "log group /ecs/test";
        }

        @Override
        public List<LogOccurrence> occurrences(String event, Instant from, Instant to) {
            if (failing) {
                throw new IllegalStateException("throttled");
            }
            reads.add(new Instant[] {from, to});
            return events.stream().filter(e -> e[0].equals(event)).filter(e -> !((Instant) e[2]).isAfter(to))
                    .filter(e -> !((Instant) e[1]).isBefore(from) && !((Instant) e[1]).isAfter(to))
                    .map(e -> new LogOccurrence((Instant) e[1], "task")).toList();
        }
    }

    @Test
    void eachReadReachesBackByTheOverlapSoALateEventIsFoundOnceAndNothingTwice() {
        Log log = new Log().add("call_rejected_at_capacity", 10, 10).add("session_started", 28, 33);
        AgentEventLog events = new AgentEventLog(log, AgentEvents.DEFAULTS, T0, Duration.ofSeconds(10));

        events.read(T0.plusSeconds(30));
        assertThat(events.events()).extracting(AgentEvent::name).containsExactly("call_rejected_at_capacity");
        events.read(T0.plusSeconds(60));
        assertThat(log.reads.get(log.reads.size() - 1)[0]).as("from the last read less the overlap")
                .isEqualTo(T0.plusSeconds(20));
        assertThat(events.events()).extracting(AgentEvent::name)
                .containsExactly("call_rejected_at_capacity", "session_started");
        events.read(T0.plusSeconds(90));
        assertThat(events.events()).hasSize(2);
    }

    @Test
    void aFailedReadKeepsWhatWasReadAndTheNextCoversTheGap() {
        Log log = new Log().add("call_rejected_draining", 5, 5).add("call_rejected_draining", 40, 40);
        AgentEventLog events = new AgentEventLog(log, AgentEvents.DEFAULTS, T0, Duration.ofSeconds(10));
        events.read(T0.plusSeconds(30));

        log.failing = true;
        assertThatThrownBy(() -> events.read(T0.plusSeconds(60))).hasMessage("throttled");
        assertThat(events.events()).hasSize(1);

        log.failing = false;
        events.read(T0.plusSeconds(90));
        assertThat(events.events()).extracting(AgentEvent::at).containsExactly(T0.plusSeconds(5), T0.plusSeconds(40));
    }
}
