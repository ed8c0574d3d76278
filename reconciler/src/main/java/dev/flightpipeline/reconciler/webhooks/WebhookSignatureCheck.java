package dev.flightpipeline.reconciler.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Duffel's {@code X-Duffel-Signature: t=<unix time>,v1=<hex HMAC-SHA256>} header: the HMAC,
 * keyed with the webhook secret, of {@code "<t>.<raw body>"}. Any one of several {@code v1} values
 * may match (Duffel may sign with an old and a new secret while rotating); the comparison takes the
 * same time whatever the bytes; a {@code t} further from now than the tolerance is refused, so a
 * captured delivery cannot be replayed later.
 */
public final class WebhookSignatureCheck {

    /** What the check found. */
    public sealed interface Verdict {
        record Valid() implements Verdict {}

        /** @param reason one line for the sender; never the expected signature */
        record Refused(String reason) implements Verdict {}
    }

    private final byte[] secret;
    private final Duration tolerance;

    public WebhookSignatureCheck(String secret, Duration tolerance) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
    }

    public Verdict check(String header, byte[] rawBody, Instant now) {
        if (header == null || header.isBlank()) {
            return new Verdict.Refused("the X-Duffel-Signature header is missing");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                return new Verdict.Refused("the X-Duffel-Signature header is malformed");
            }
            String name = part.substring(0, equals).trim();
            String value = part.substring(equals + 1).trim();
            try {
                if (name.equals("t")) {
                    if (timestamp != null) {
                        return new Verdict.Refused("the X-Duffel-Signature header has more than one t");
                    }
                    timestamp = Long.parseLong(value);
                } else if (name.equals("v1")) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
                // Other schemes (v0, a future v2) are not ours to check.
            } catch (IllegalArgumentException e) {
                return new Verdict.Refused("the X-Duffel-Signature header is malformed");
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return new Verdict.Refused("the X-Duffel-Signature header needs a t and a v1");
        }
        long age = now.getEpochSecond() - timestamp;
        if (Math.abs(age) > tolerance.toSeconds()) {
            return new Verdict.Refused("the signature's timestamp is outside the tolerance");
        }
        byte[] expected = hmac(timestamp, rawBody);
        boolean matched = false;
        for (byte[] signature : signatures) {
            // No early exit: every value is compared, each in constant time.
            matched |= MessageDigest.isEqual(expected, signature);
        }
        return matched ? new Verdict.Valid() : new Verdict.Refused("the signature does not match");
    }

    private byte[] hmac(long timestamp, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(rawBody);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
