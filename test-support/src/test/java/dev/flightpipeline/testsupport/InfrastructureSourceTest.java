package dev.flightpipeline.testsupport;

import static dev.flightpipeline.testsupport.InfrastructureSource.EMBEDDED;
import static dev.flightpipeline.testsupport.InfrastructureSource.EXTERNAL;
import static dev.flightpipeline.testsupport.InfrastructureSource.TESTCONTAINERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class InfrastructureSourceTest {

    static final BooleanSupplier DOCKER = () -> true;
    static final BooleanSupplier NO_DOCKER = () -> false;
    static final BooleanSupplier MUST_NOT_ASK = () -> {
        throw new AssertionError("Docker was asked about although the answer could not matter");
    };

    @Test
    void externalServersNamedByTheEnvironmentWinWithoutAskingForDocker() {
        assertThat(InfrastructureSource.choose(null, true, MUST_NOT_ASK)).isEqualTo(EXTERNAL);
    }

    @Test
    void withoutExternalServersDockerMeansTestcontainers() {
        assertThat(InfrastructureSource.choose("auto", false, DOCKER)).isEqualTo(TESTCONTAINERS);
    }

    @Test
    void withoutExternalServersOrDockerTheEmbeddedOnesAreUsed() {
        assertThat(InfrastructureSource.choose("", false, NO_DOCKER)).isEqualTo(EMBEDDED);
    }

    @Test
    void aForcedChoiceIsTakenWhateverElseIsAvailable() {
        assertThat(InfrastructureSource.choose("embedded", true, MUST_NOT_ASK)).isEqualTo(EMBEDDED);
        assertThat(InfrastructureSource.choose("TestContainers", true, MUST_NOT_ASK))
                .isEqualTo(TESTCONTAINERS);
    }

    @Test
    void forcingExternalWithoutNamingAServerIsAClearError() {
        assertThatThrownBy(() -> InfrastructureSource.choose("external", false, MUST_NOT_ASK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PIPELINE_TEST_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void anUnknownChoiceIsAClearError() {
        assertThatThrownBy(() -> InfrastructureSource.choose("docker", false, MUST_NOT_ASK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be auto, external, testcontainers or embedded, not 'docker'");
    }
}
