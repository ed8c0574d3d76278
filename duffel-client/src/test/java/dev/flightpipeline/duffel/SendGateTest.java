package dev.flightpipeline.duffel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SendGateTest {

    @Test
    void aCallGivenUpBeforeItsBodyWasAskedForSentNothingAndNeverWill() {
        SendGate gate = new SendGate();

        assertThat(gate.abandonUnsent()).isTrue();
        assertThatThrownBy(() -> gate.body("{}").block()).hasMessageContaining("given up");
        assertThat(gate.abandonUnsent()).isTrue();
    }

    @Test
    void aCallWhoseBodyWasHandedToAConnectionMayHaveReachedDuffel() {
        SendGate gate = new SendGate();

        assertThat(gate.body("{\"data\":1}").block()).isEqualTo("{\"data\":1}");
        assertThat(gate.abandonUnsent()).isFalse();
        assertThat(gate.abandonUnsent()).isFalse();
    }

    @Test
    void aSecondConnectionAttemptForTheSameCallGetsTheBodyAgain() {
        SendGate gate = new SendGate();
        gate.body("{}").block();

        assertThat(gate.body("{}").block()).isEqualTo("{}");
        assertThat(gate.abandonUnsent()).isFalse();
    }
}
