package dev.flightpipeline.duffel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class RateLimitTest {

    @Test
    void theResetTimeIsReadAsAnHttpDateAnIsoTimeOrEpochSeconds() {
        Instant expected = Instant.parse("2026-05-17T13:23:30Z");
        assertThat(RateLimit.instant("Sun, 17 May 2026 13:23:30 GMT")).isEqualTo(expected);
        assertThat(RateLimit.instant("2026-05-17T13:23:30Z")).isEqualTo(expected);
        assertThat(RateLimit.instant(String.valueOf(expected.getEpochSecond()))).isEqualTo(expected);
        assertThat(RateLimit.instant("soon")).isNull();
    }

    @Test
    void headersWithoutRateLimitsGiveNone() {
        assertThat(RateLimit.from(new HttpHeaders())).isEmpty();
        HttpHeaders headers = new HttpHeaders();
        headers.set("ratelimit-limit", "120");
        headers.set("ratelimit-remaining", "119");
        assertThat(RateLimit.from(headers)).contains(new RateLimit(120, 119, null));
    }
}
