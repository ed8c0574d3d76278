package dev.flightpipeline.booker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The booker's settings as Spring binds them from {@code booker.*}. */
class BookerPropertiesTest {

    @Test
    void bookingsUnderWayDefaultToTheInFlightLimitAndAThousandReadyToStart() {
        assertThat(bind(Map.of()).maxQueued()).isEqualTo(6000);
        assertThat(bind(Map.of("booker.max-in-flight", "8000")).maxQueued()).isEqualTo(9000);
        assertThat(bind(Map.of("booker.max-in-flight", "8000", "booker.max-queued", "20000"))
                        .maxQueued())
                .isEqualTo(20000);
    }

    @Test
    void fewerBookingsUnderWayThanCallSlotsIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("booker.max-in-flight", "5000", "booker.max-queued", "4000")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("booker.max-queued must be at least booker.max-in-flight (5000), not 4000: fewer"
                        + " would leave call slots empty");
    }

    @Test
    void bookingsWaitingForTheDatabaseDefaultToTwoHundredAndAtLeastOne() {
        assertThat(bind(Map.of()).maxWaitingForDatabase()).isEqualTo(200);
        assertThat(bind(Map.of("booker.max-waiting-for-database", "50")).maxWaitingForDatabase())
                .isEqualTo(50);
        assertThatThrownBy(() -> bind(Map.of("booker.max-waiting-for-database", "0")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("booker.max-waiting-for-database must be at least 1, not 0");
    }

    private static BookerProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("booker", Bindable.of(BookerProperties.class));
    }
}
