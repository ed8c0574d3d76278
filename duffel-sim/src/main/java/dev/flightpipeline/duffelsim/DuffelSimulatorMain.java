package dev.flightpipeline.duffelsim;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own: {@code java -jar duffel-sim-exec.jar [--port=4010]
 * [--host=0.0.0.0] [--config=settings.json] [--create-order-latency=20s..30s] ...}; every knob is
 * also a {@code SIM_*} environment variable ({@code --help} lists them).
 */
public final class DuffelSimulatorMain {

    static final String LOGGING_CONFIGURATION = "dev/flightpipeline/duffelsim/standalone-logback.xml";

    private DuffelSimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(StartupSettings.usage());
            return;
        }
        // Without a configuration Logback logs everything at DEBUG (Reactor Netty: several lines per
        // request). Set before the first logger is made; -Dlogback.configurationFile still wins.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGGING_CONFIGURATION);
        }
        SimulatorConfig config;
        try {
            config = StartupSettings.read(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("duffel-sim: " + e.getMessage());
            System.err.print(StartupSettings.usage());
            System.exit(2);
            return;
        }
        DuffelSimulator simulator = DuffelSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println(
                "Duffel simulator at " + simulator.baseUrl() + " (settings: /_sim/config, counters: /_sim/stats)");
        stopped.await();
    }
}
