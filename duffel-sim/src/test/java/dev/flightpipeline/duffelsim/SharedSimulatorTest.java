package dev.flightpipeline.duffelsim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The tests of a class share one simulator, started before the first and closed after the last;
 * each test starts from the default settings and no state.
 */
abstract class SharedSimulatorTest {

    static DuffelSimulator simulator;
    static SimulatorHttp http;

    @BeforeAll
    static void startSimulator() {
        simulator = DuffelSimulator.start(SimulatorConfig.defaults());
        http = new SimulatorHttp(simulator);
    }

    @AfterAll
    static void closeSimulator() {
        simulator.close();
    }

    @BeforeEach
    void defaultSettingsAndNoState() {
        simulator.updateConfig(SimulatorConfig.defaults());
        simulator.reset();
    }
}
