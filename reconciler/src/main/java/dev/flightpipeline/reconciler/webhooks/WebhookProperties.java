package dev.flightpipeline.reconciler.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Duffel webhook endpoint's settings ({@code reconciler.webhooks.*}).
 *
 * @param secret the webhook's signing secret, as Duffel showed it when the webhook was created; without
 *     one the endpoint refuses every delivery (503), so Duffel keeps retrying until it is set. Never
 *     logged.
 * @param tolerance how far a signature's {@code t} may be from now, either way: an older one is
 *     replayed or stale and refused
 */
@ConfigurationProperties("reconciler.webhooks")
public record WebhookProperties(
        String secret, @DefaultValue("5m") Duration tolerance) {

    public WebhookProperties {
        secret = secret == null || secret.isBlank() ? null : secret;
        if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException(
                    "reconciler.webhooks.tolerance must be a positive duration, not " + tolerance);
        }
    }

    @Override
    public String toString() {
        return "WebhookProperties[secret=" + (secret == null ? "(none)" : "(hidden)") + ", tolerance=" + tolerance
                + "]";
    }
}
