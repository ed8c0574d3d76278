package dev.flightpipeline.testsupport;

import static dev.flightpipeline.testsupport.InfrastructureSource.EMBEDDED;
import static dev.flightpipeline.testsupport.InfrastructureSource.EXTERNAL;
import static dev.flightpipeline.testsupport.InfrastructureSource.TESTCONTAINERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightpipeline.testsupport.InfrastructureSource.Choice;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class InfrastructureSourceTest {

    static final String VARIABLE = "PIPELINE_TEST_KAFKA_BOOTSTRAP_SERVERS";
    static final BooleanSupplier DOCKER = () -> true;
    static final BooleanSupplier NO_DOCKER = () -> false;
    static final BooleanSupplier MUST_NOT_ASK = () -> {
        throw new AssertionError("Docker was asked about although the answer could not matter");
    };

    @Test
    void externalServersNamedByTheEnvironmentWinWithoutAskingForDocker() {
        Choice choice = InfrastructureSource.choose(null, VARIABLE, true, MUST_NOT_ASK);

        assertThat(choice.source()).isEqualTo(EXTERNAL);
        assertThat(choice.reason()).isEqualTo(VARIABLE + " is set");
    }

    @Test
    void withoutExternalServersDockerMeansTestcontainers() {
        Choice choice = InfrastructureSource.choose("auto", VARIABLE, false, DOCKER);

        assertThat(choice.source()).isEqualTo(TESTCONTAINERS);
        assertThat(choice.reason()).contains("Docker engine is reachable");
    }

    @Test
    void withoutExternalServersOrDockerTheEmbeddedOnesAreUsed() {
        Choice choice = InfrastructureSource.choose("", VARIABLE, false, NO_DOCKER);

        assertThat(choice.source()).isEqualTo(EMBEDDED);
        assertThat(choice.reason()).isEqualTo("no " + VARIABLE + ", and no Docker engine is reachable");
    }

    @Test
    void aForcedChoiceIsTakenWhateverElseIsAvailableAndSaysSo() {
        assertThat(InfrastructureSource.choose("embedded", VARIABLE, true, MUST_NOT_ASK))
                .isEqualTo(new Choice(EMBEDDED, "PIPELINE_TEST_INFRA=embedded"));
        assertThat(InfrastructureSource.choose(" TestContainers ", VARIABLE, true, MUST_NOT_ASK))
                .isEqualTo(new Choice(TESTCONTAINERS, "PIPELINE_TEST_INFRA=testcontainers"));
        assertThat(InfrastructureSource.choose("external", VARIABLE, true, MUST_NOT_ASK))
                .isEqualTo(new Choice(EXTERNAL, "PIPELINE_TEST_INFRA=external"));
    }

    @Test
    void forcingExternalWithoutNamingAServerIsAClearError() {
        assertThatThrownBy(() -> InfrastructureSource.choose("external", VARIABLE, false, MUST_NOT_ASK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("PIPELINE_TEST_INFRA=external, but " + VARIABLE + " is not set");
    }

    @Test
    void anUnknownChoiceIsAClearError() {
        assertThatThrownBy(() -> InfrastructureSource.choose("docker", VARIABLE, false, MUST_NOT_ASK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be auto, external, testcontainers or embedded, not 'docker'");
    }
}
