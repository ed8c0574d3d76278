package dev.flightpipeline.reconciler.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffelsim.WebhookSignature;
import dev.flightpipeline.reconciler.webhooks.WebhookSignatureCheck.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureCheckTest {

    static final String SECRET = "whsec_test";
    static final String BODY = "{\"id\":\"wev_1\",\"type\":\"order.created\"}";
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    final WebhookSignatureCheck check = new WebhookSignatureCheck(SECRET, Duration.ofMinutes(5));

    Verdict check(String header, String body) {
        return check.check(header, body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void aSignatureMadeWithTheSecretOverTheRawBodyIsValid() {
        assertThat(check(WebhookSignature.header(SECRET, NOW.getEpochSecond(), BODY), BODY))
                .isInstanceOf(Verdict.Valid.class);
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRefused() {
        assertThat(check(WebhookSignature.header("whsec_other", NOW.getEpochSecond(), BODY), BODY))
                .isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void aTamperedBodyIsRefused() {
        assertThat(check(WebhookSignature.header(SECRET, NOW.getEpochSecond(), BODY), BODY.replace("1", "2")))
                .isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void aTimestampOlderOrNewerThanTheToleranceIsRefusedEvenWhenTheSignatureMatches() {
        long tenMinutesAgo = NOW.minusSeconds(600).getEpochSecond();
        long tenMinutesAhead = NOW.plusSeconds(600).getEpochSecond();
        assertThat(check(WebhookSignature.header(SECRET, tenMinutesAgo, BODY), BODY))
                .isEqualTo(new Verdict.Refused("the signature's timestamp is outside the tolerance"));
        assertThat(check(WebhookSignature.header(SECRET, tenMinutesAhead, BODY), BODY))
                .isInstanceOf(Verdict.Refused.class);
        assertThat(check(WebhookSignature.header(SECRET, NOW.minusSeconds(240).getEpochSecond(), BODY), BODY))
                .isInstanceOf(Verdict.Valid.class);
    }

    @Test
    void anyOfSeveralV1ValuesMayMatchWhileTheSecretIsRotated() {
        long t = NOW.getEpochSecond();
        String oldSecret = WebhookSignature.header("whsec_old", t, BODY);
        String current = WebhookSignature.header(SECRET, t, BODY);
        String header = oldSecret + "," + current.substring(current.indexOf("v1="));
        assertThat(check(header, BODY)).isInstanceOf(Verdict.Valid.class);
        String neither =
                oldSecret + "," + WebhookSignature.header("whsec_x", t, BODY).substring(current.indexOf("v1="));
        assertThat(check(neither, BODY)).isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void missingOrMalformedHeadersAreRefused() {
        String valid = WebhookSignature.header(SECRET, NOW.getEpochSecond(), BODY);
        assertThat(check(null, BODY)).isInstanceOf(Verdict.Refused.class);
        assertThat(check("", BODY)).isInstanceOf(Verdict.Refused.class);
        assertThat(check("garbage", BODY)).isInstanceOf(Verdict.Refused.class);
        assertThat(check("t=abc," + valid.substring(valid.indexOf("v1=")), BODY))
                .isInstanceOf(Verdict.Refused.class);
        assertThat(check("t=" + NOW.getEpochSecond(), BODY)).isInstanceOf(Verdict.Refused.class);
        assertThat(check(valid.substring(valid.indexOf("v1=")), BODY)).isInstanceOf(Verdict.Refused.class);
        assertThat(check("t=" + NOW.getEpochSecond() + ",v1=zz", BODY)).isInstanceOf(Verdict.Refused.class);
        assertThat(check(valid + ",t=" + NOW.getEpochSecond(), BODY)).isInstanceOf(Verdict.Refused.class);
    }
}
