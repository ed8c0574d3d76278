package dev.flightpipeline.duffel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DuffelClientSettingsTest {

    static final URI URL = DuffelClientSettings.DUFFEL_API;

    @Test
    void theDefaultsFollowDuffelsAdvice() {
        DuffelClientSettings settings = DuffelClientSettings.defaults(URL, "duffel_test_abc");
        assertThat(settings.orderCreationTimeout()).isEqualTo(Duration.ofSeconds(130));
        assertThat(settings.maxConnections()).isGreaterThanOrEqualTo(5000);
    }

    @Test
    void theTokenNeverAppearsInTheDescription() {
        assertThat(DuffelClientSettings.defaults(URL, "duffel_test_secret").toString())
                .doesNotContain("duffel_test_secret")
                .contains("(hidden)");
    }

    @Test
    void aMissingTokenOrABadUrlOrTimeoutIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> DuffelClientSettings.defaults(URL, " "))
                .hasMessageContaining("accessToken is required");
        assertThatThrownBy(() -> DuffelClientSettings.defaults(URI.create("ftp://x"), "t"))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> DuffelClientSettings.defaults(URL, "t").withOrderCreationTimeout(Duration.ZERO))
                .hasMessageContaining("orderCreationTimeout must be a positive duration");
    }
}
