package dev.flightpipeline.gateway.auth;

import dev.flightpipeline.gateway.problem.ApiProblems;
import dev.flightpipeline.gateway.problem.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Every endpoint but health, metrics, the API document ({@code /api/openapi.yaml}) and, in the local profile,
 * the token endpoint needs a bearer JWT whose subject is the user id. Rejections are problem bodies
 * with code {@code unauthorized}.
 */
@Configuration
@EnableWebFluxSecurity
public class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemWriter problems) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, failure) ->
                problems.write(exchange.getResponse(), ApiProblems.unauthorized(describe(failure)));
        ServerAccessDeniedHandler denied = (exchange, failure) ->
                problems.write(exchange.getResponse(), ApiProblems.unauthorized("The token does not grant access."));
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // Stateless: no session, no saved requests.
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .authorizeExchange(exchanges -> exchanges
                        // Metrics are for the scraper, which has no user token: keep the port internal in production.
                        .pathMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/api/openapi.yaml")
                        .permitAll()
                        .pathMatchers(DevTokenController.PATH)
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(server -> server.jwt(jwt -> {})
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(denied))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(denied))
                .build();
    }

    /**
     * A request the security firewall refuses (an encoded slash or a traversal in the path, say)
     * gets a problem body like every other refusal, not an empty 400.
     */
    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler(ProblemWriter problems) {
        return (exchange, rejected) -> problems.write(
                exchange.getResponse(), ApiProblems.validationFailed("path", "is not a valid request path"));
    }

    /** A client-safe description: says what is wrong with the token, never echoes it. */
    private static String describe(Exception failure) {
        if (failure instanceof InvalidBearerTokenException) {
            return "The bearer token is invalid or has expired.";
        }
        return "A bearer token is required: send 'Authorization: Bearer <token>'.";
    }
}
