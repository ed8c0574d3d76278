package dev.flightpipeline.gateway.auth;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Signs and verifies the local stack's tokens with a key made at start-up, so that no secret is
 * configured anywhere and tokens from an earlier run are not accepted. Production verifies tokens
 * of the real identity provider instead.
 */
public final class LocalTokenIssuer {

    static final String ISSUER = "flight-booking-pipeline-local";

    private final SecretKey key;
    private final JwtEncoder encoder;
    private final LocalAuthProperties properties;
    private final Clock clock;

    public LocalTokenIssuer(LocalAuthProperties properties, Clock clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.properties = properties;
        this.clock = clock;
    }

    /** A token whose subject is the given user id. */
    public String issue(String userId) {
        return issuedAt(userId, clock.instant());
    }

    /** A token as it was issued at {@code now}: one from long enough ago has expired (for tests). */
    public String issuedAt(String userId, Instant now) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(userId)
                .issuedAt(now)
                .expiresAt(now.plus(properties.tokenLifetime()))
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    public ReactiveJwtDecoder decoder() {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        // The default claim conversion first tries the issuer as a URL, which this one is not: it
        // would throw and catch an exception for every request.
        decoder.setClaimSetConverter(
                MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, String::valueOf)));
        return decoder;
    }
}
