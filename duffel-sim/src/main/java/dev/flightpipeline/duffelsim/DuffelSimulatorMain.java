package dev.flightpipeline.duffelsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the simulator on its own: {@code java -jar duffel-sim-exec.jar [--port=4010]
 * [--host=0.0.0.0] [--config=settings.json]}; {@code SIM_PORT} and {@code SIM_HOST} work too.
 */
public final class DuffelSimulatorMain {

    private DuffelSimulatorMain() {}

    public static void main(String[] args) throws Exception {
        SimulatorConfig config;
        try {
            config = configFrom(args, System.getenv());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("duffel-sim: " + e.getMessage());
            System.err.println(
                    "usage: java -jar duffel-sim-exec.jar [--port=4010] [--host=0.0.0.0] [--config=settings.json]");
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

    static SimulatorConfig configFrom(String[] args, Map<String, String> env) throws IOException {
        SimulatorConfig config = SimulatorConfig.defaults().withPort(4010);
        for (String arg : args) {
            if (arg.startsWith("--config=")) {
                config = withSettingsFile(config, Path.of(arg.substring("--config=".length())));
            }
        }
        String port = env.get("SIM_PORT");
        String host = env.get("SIM_HOST");
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = arg.substring("--port=".length());
            } else if (arg.startsWith("--host=")) {
                host = arg.substring("--host=".length());
            } else if (!arg.startsWith("--config=")) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (port != null) {
            try {
                config = config.withPort(Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port must be a number, not " + port);
            }
        }
        return host == null ? config : config.withHost(host);
    }

    /** The file's settings (a JSON object of {@link SimulatorConfig} fields) over the defaults. */
    private static SimulatorConfig withSettingsFile(SimulatorConfig config, Path file) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode settings = json.readTree(Files.readString(file));
        if (!settings.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object of settings");
        }
        ObjectNode tree = json.valueToTree(config);
        settings.properties().forEach(entry -> tree.set(entry.getKey(), entry.getValue()));
        return json.treeToValue(tree, SimulatorConfig.class);
    }
}
