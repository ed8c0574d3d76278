package dev.flightpipeline.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of the local profile's own tokens. */
@ConfigurationProperties("gateway.local-auth")
public record LocalAuthProperties(@DefaultValue("12h") Duration tokenLifetime) {}
