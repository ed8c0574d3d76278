package dev.flightpipeline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BookingStatusTest {

    @Test
    void onlyConfirmedAndFailedAreTerminal() {
        assertThat(Arrays.stream(BookingStatus.values()).filter(BookingStatus::isTerminal))
                .containsExactlyInAnyOrder(BookingStatus.CONFIRMED, BookingStatus.FAILED);
    }
}
