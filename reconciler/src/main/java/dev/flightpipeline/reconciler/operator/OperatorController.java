package dev.flightpipeline.reconciler.operator;

import dev.flightpipeline.reconciler.sweep.UnknownOutcomeSweep;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operator's view of the bookings that are not terminal, and a way to reconcile one now:
 * {@code GET /operator/bookings[?limit=]} and {@code POST /operator/bookings/{id}/reconcile}, with
 * {@code Authorization: Bearer <reconciler.operator.token>}.
 */
@RestController
class OperatorController {

    private static final int MAX_LIMIT = 500;

    private final OperatorProperties settings;
    private final OpenBookings open;
    private final UnknownOutcomeSweep sweep;
    private final Clock clock = Clock.systemUTC();

    OperatorController(OperatorProperties settings, DataSource dataSource, UnknownOutcomeSweep sweep) {
        this.settings = settings;
        this.open = new OpenBookings(JdbcClient.create(dataSource));
        this.sweep = sweep;
    }

    @GetMapping("/operator/bookings")
    Mono<ResponseEntity<Object>> openBookings(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(name = "limit", defaultValue = "100") String limit) {
        ResponseEntity<Object> refused = refusal(authorization);
        if (refused != null) {
            return Mono.just(refused);
        }
        int count;
        try {
            count = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 1 || count > MAX_LIMIT) {
            return Mono.just(problem(HttpStatus.BAD_REQUEST, "limit must be a whole number from 1 to " + MAX_LIMIT));
        }
        int rows = count;
        return Mono.fromCallable(() ->
                        ResponseEntity.ok((Object) Map.of("bookings", open.oldest(rows, clock.instant()))))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Makes the booking due now and sweeps at once; answers with the booking as it is afterwards. */
    @PostMapping("/operator/bookings/{bookingId}/reconcile")
    Mono<ResponseEntity<Object>> reconcileNow(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String bookingId) {
        ResponseEntity<Object> refused = refusal(authorization);
        if (refused != null) {
            return Mono.just(refused);
        }
        UUID id;
        try {
            id = UUID.fromString(bookingId);
        } catch (IllegalArgumentException e) {
            return Mono.just(problem(HttpStatus.NOT_FOUND, "no such booking"));
        }
        return Mono.fromCallable(() -> {
                    if (!open.dueNow(id, clock.instant())) {
                        return problem(
                                HttpStatus.CONFLICT, "the booking is not open (confirmed, failed or unknown id)");
                    }
                    sweep.sweepOnce();
                    return ResponseEntity.ok((Object)
                            Map.of("booking", open.one(id, clock.instant()).orElseThrow()));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private ResponseEntity<Object> refusal(String authorization) {
        if (!settings.enabled()) {
            return problem(HttpStatus.FORBIDDEN, "the operator view is off: set reconciler.operator.token");
        }
        String expected = "Bearer " + settings.token();
        boolean matches = authorization != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), authorization.getBytes(StandardCharsets.UTF_8));
        return matches
                ? null
                : problem(HttpStatus.UNAUTHORIZED, "send Authorization: Bearer <reconciler.operator.token>");
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Map.of("status", status.value(), "title", status.getReasonPhrase(), "detail", detail));
    }
}
