package dev.flightpipeline.gateway.auth;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** The local stack's tokens: issued by {@link DevTokenController}, verified by the same key. */
@Configuration
@Profile("local")
class LocalAuthConfiguration {

    @Bean
    LocalTokenIssuer localTokenIssuer(LocalAuthProperties properties) {
        return new LocalTokenIssuer(properties, Clock.systemUTC());
    }

    @Bean
    ReactiveJwtDecoder localJwtDecoder(LocalTokenIssuer issuer) {
        return issuer.decoder();
    }
}
