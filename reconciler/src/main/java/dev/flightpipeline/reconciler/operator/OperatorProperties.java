package dev.flightpipeline.reconciler.operator;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator's view ({@code reconciler.operator.*}).
 *
 * @param token the bearer token an operator sends to {@code /operator/**}; without one the view is
 *     switched off (every request is refused)
 */
@ConfigurationProperties("reconciler.operator")
public record OperatorProperties(String token) {

    public OperatorProperties {
        if (token != null && !token.isEmpty() && token.length() < 16) {
            throw new IllegalArgumentException("reconciler.operator.token must be at least 16 characters");
        }
    }

    boolean enabled() {
        return token != null && !token.isEmpty();
    }
}
