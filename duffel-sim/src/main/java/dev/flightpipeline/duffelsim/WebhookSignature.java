package dev.flightpipeline.duffelsim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Duffel's webhook signature: {@code t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">}. */
public final class WebhookSignature {

    private WebhookSignature() {}

    public static String header(String secret, long unixTime, String rawBody) {
        return "t=" + unixTime + ",v1=" + hmac(secret, unixTime + "." + rawBody);
    }

    static String hmac(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
