package dev.flightpipeline.benchmarks.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When each process fault of a run happens, measured from the first request published: the
 * booker killed every {@code killEvery} while requests are published, the broker restarted a
 * third of the way through, the database at two thirds, so that each restart has requests, calls
 * in flight and outcomes to publish on both sides of it.
 */
record FaultTimeline(List<PlannedFault> faults) {

    enum Kind {
        KILL_BOOKER,
        RESTART_BROKER,
        RESTART_DATABASE
    }

    record PlannedFault(Duration at, Kind kind) {}

    FaultTimeline {
        faults = List.copyOf(faults);
    }

    static FaultTimeline plan(Duration publishing, Duration killEvery) {
        List<PlannedFault> faults = new ArrayList<>();
        for (Duration at = killEvery; at.compareTo(publishing) < 0; at = at.plus(killEvery)) {
            faults.add(new PlannedFault(at, Kind.KILL_BOOKER));
        }
        if (faults.isEmpty()) {
            faults.add(new PlannedFault(publishing.dividedBy(2), Kind.KILL_BOOKER));
        }
        faults.add(new PlannedFault(publishing.dividedBy(3), Kind.RESTART_BROKER));
        faults.add(new PlannedFault(publishing.multipliedBy(2).dividedBy(3), Kind.RESTART_DATABASE));
        faults.sort(Comparator.comparing(PlannedFault::at));
        return new FaultTimeline(faults);
    }

    long count(Kind kind) {
        return faults.stream().filter(fault -> fault.kind() == kind).count();
    }
}
