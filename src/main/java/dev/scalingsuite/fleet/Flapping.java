package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.DesiredChange;
import dev.scalingsuite.fleet.finding.FlapFinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Whether the desired count rose, fell and rose again within a window. */
public final class Flapping {

    private Flapping() {
    }

    /** The first rise, fall and rise again of desired within {@code window} (wall time) of the first rise. */
    public static Optional<FlapFinding> find(RunHistory history, Duration window) {
        List<RunHistory.ServicePoint> points = history.service();
        List<DesiredChange> changes = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) {
            RunHistory.ServicePoint before = points.get(i - 1);
            RunHistory.ServicePoint after = points.get(i);
            if (after.desired() != before.desired()) {
                changes.add(new DesiredChange(before.desired(), after.desired(), after.at()));
            }
        }
        for (int a = 0; a < changes.size(); a++) {
            if (falls(changes.get(a))) {
                continue;
            }
            for (int b = a + 1; b < changes.size(); b++) {
                if (!falls(changes.get(b))) {
                    continue;
                }
                for (int c = b + 1; c < changes.size(); c++) {
                    if (Duration.between(changes.get(a).at(), changes.get(c).at()).compareTo(window) > 0) {
                        break;
                    }
                    if (!falls(changes.get(c))) {
                        return Optional.of(new FlapFinding(window, changes.get(a), changes.get(b), changes.get(c)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean falls(DesiredChange change) {
        return change.to() < change.from();
    }
}
