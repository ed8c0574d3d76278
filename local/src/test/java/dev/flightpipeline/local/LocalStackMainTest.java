package dev.flightpipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalStackMainTest {

    @Test
    void aFailedStartIsExplainedByItsInnermostCause() {
        IllegalStateException migration = new IllegalStateException("Validate failed: migration checksum mismatch");
        RuntimeException wrapped =
                new RuntimeException("Error creating bean 'flyway'", new RuntimeException(migration));

        assertThat(LocalStackMain.rootCause(wrapped)).isSameAs(migration);
        assertThat(LocalStackMain.rootCause(migration)).isSameAs(migration);
    }
}
