package dev.flightpipeline.benchmarks.faults;

import static dev.flightpipeline.benchmarks.faults.FaultRun.say;
import static dev.flightpipeline.benchmarks.faults.FaultRun.seconds;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scripts/fault-run}: runs R1, prints its counts and writes them to {@code
 * benchmarks/results/r1-<timestamp>.json}. Exits 0 when every invariant held, 1 on a duplicate
 * order, a lost booking, a missing or extra outcome event, an orphan order, or bookings still open
 * after the bound; 2 on a wrong flag; 3 if the run itself failed.
 */
public final class FaultRunMain {

    private FaultRunMain() {}

    public static void main(String[] args) {
        FaultRunSettings settings = BenchmarkRun.settingsOrExit(args, FaultRunSettings.USAGE, FaultRunSettings::parse);
        BenchmarkRun run = BenchmarkRun.start("R1");
        say(
                "R1 fault run %s: %d cores, Java %s; logs in %s",
                run.name(), run.cores(), Runtime.version().feature(), settings.resultsDirectory());
        try {
            FaultRun.Result result = new FaultRun(settings, run.name()).run();
            say("");
            say("R1 summary (%s, %d cores)", run.startedAt(), run.cores());
            say("Faults:");
            result.faultLog().forEach(line -> say("  %s", line));
            say("  orders by result at the simulator: %s", result.createOrderResults());
            say(
                    "  after each SIGKILL, the booker read requests again after: %s",
                    result.intakeStalls().stream().map(FaultRun::seconds).toList());
            say("Counts:");
            System.out.print(result.counts().table());
            say("  %-30s %,d (the simulator's own count)", "booking ids with 2+ orders", result.simulatorDuplicates());
            Duration lastTerminal = result.lastTerminalAfterLastFault();
            say(
                    "  %-30s %s (last booking terminal %s; bound %s)",
                    "quiescent",
                    result.quiescent() ? "yes, +" + seconds(result.quiescentAfterLastFault()) : "NO",
                    lastTerminal.isNegative()
                            ? seconds(lastTerminal.negated()) + " before the last fault"
                            : "+" + seconds(lastTerminal) + " after the last fault",
                    seconds(settings.quiescenceBound()));
            say("  %-30s publishing %s, whole run %s", "time", seconds(result.publishing()), seconds(result.total()));
            result.counts().violations().forEach(violation -> say("VIOLATION: %s", violation));
            if (result.counts().requested() != result.published()) {
                say(
                        "VIOLATION: %,d of %,d requests published were not acknowledged by the broker",
                        result.published() - result.counts().requested(), result.published());
            }
            if (result.simulatorDuplicates() > 0) {
                say("VIOLATION: the simulator counts %,d booking ids with 2+ orders", result.simulatorDuplicates());
            }
            if (!result.quiescent()) {
                say(
                        "VIOLATION: not every booking was terminal with its outcome event within %s of the last fault",
                        seconds(settings.quiescenceBound()));
            }
            say("R1: %s", result.passed() ? "PASSED" : "FAILED");
            Path json = run.writeJson(settings.resultsDirectory(), settingsAsJson(settings), figures(result));
            say("Results: %s", json);
            System.exit(result.passed() ? 0 : 1);
        } catch (Exception failure) {
            System.err.println("The fault run failed: " + failure);
            failure.printStackTrace();
            System.exit(3);
        }
    }

    private static Map<String, Object> figures(FaultRun.Result result) {
        Map<String, Object> figures = new LinkedHashMap<>(result.counts().asJson());
        figures.put("published", result.published());
        figures.put("refusedByBroker", result.refusedByBroker());
        figures.put("simulatorBookingIdsWithSeveralOrders", result.simulatorDuplicates());
        figures.put("quiescent", result.quiescent());
        figures.put(
                "quiescentSecondsAfterLastFault",
                result.quiescentAfterLastFault().toMillis() / 1000.0);
        figures.put(
                "lastTerminalSecondsAfterLastFault",
                result.lastTerminalAfterLastFault().toMillis() / 1000.0);
        figures.put("publishingSeconds", result.publishing().toMillis() / 1000.0);
        figures.put("totalSeconds", result.total().toMillis() / 1000.0);
        figures.put("createOrderResults", result.createOrderResults());
        figures.put("faults", result.faultLog());
        figures.put(
                "secondsFromSigkillToReadingRequests",
                result.intakeStalls().stream()
                        .map(stall -> stall.toMillis() / 1000.0)
                        .toList());
        figures.put("passed", result.passed());
        return figures;
    }

    private static Map<String, Object> settingsAsJson(FaultRunSettings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bookings", settings.bookings());
        json.put("rate", settings.rate());
        json.put("killEverySeconds", settings.killEvery().toMillis() / 1000.0);
        json.put("faultShare", settings.faultShare());
        json.put("offerLifetimeSeconds", settings.offerLifetime().toMillis() / 1000.0);
        json.put("quiescenceBoundSeconds", settings.quiescenceBound().toMillis() / 1000.0);
        json.put("bookerHeap", settings.bookerHeap());
        json.put("extraBookerSettings", settings.extraBookerSettings());
        return json;
    }
}
