package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.gateway.booking.BookingReads.Cursor;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BookingCursorTest {

    @Test
    void aCursorComesBackAsTheSamePlaceInTheList() {
        Cursor cursor = new Cursor(Instant.parse("2026-12-01T15:58:24.568029Z"), UUID.randomUUID());

        assertThat(Cursor.decode(cursor.encode())).contains(cursor);
    }

    @Test
    void textThatIsNotACursorIsRefused() {
        assertThat(Cursor.decode("garbage")).isEmpty();
        assertThat(Cursor.decode("")).isEmpty();
        assertThat(Cursor.decode("bm90LmEuY3Vyc29y")).isEmpty();
    }
}
