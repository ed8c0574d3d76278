package dev.flightpipeline.gateway.booking;

import dev.flightpipeline.gateway.booking.BookingReads.Cursor;
import dev.flightpipeline.gateway.booking.IdempotencyKeyHeader.Reading;
import dev.flightpipeline.gateway.problem.ApiProblem;
import dev.flightpipeline.gateway.problem.ApiProblems;
import dev.flightpipeline.gateway.problem.ProblemWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The booking endpoints of http-api.md: create-order, one booking, and the caller's bookings. */
@RestController
class BookingController {

    static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern USER_ID = Pattern.compile("[\\x21-\\x7E][\\x20-\\x7E]{0,254}");
    private static final Pattern WAIT = Pattern.compile("(\\d{1,6})(ms|s)?");
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;

    private final CreateOrder createOrder;
    private final BookingReads reads;
    private final BookingProperties settings;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    BookingController(CreateOrder createOrder, BookingReads reads, BookingProperties settings, JsonMapper json) {
        this.createOrder = createOrder;
        this.reads = reads;
        this.settings = settings;
        this.json = json;
    }

    @PostMapping(path = CreateOrderForm.PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<String>> createOrder(
            @AuthenticationPrincipal Jwt token, ServerHttpRequest request, @RequestBody(required = false) byte[] body) {
        Optional<String> userId = userId(token);
        if (userId.isEmpty()) {
            return Mono.just(problem(ApiProblems.unauthorized("The token's subject is not a usable user id."), null));
        }
        String key;
        switch (IdempotencyKeyHeader.read(request.getHeaders().get(IdempotencyKeyHeader.NAME))) {
            case Reading.Refused refused -> {
                return Mono.just(
                        problem(ApiProblems.validationFailed(IdempotencyKeyHeader.NAME, refused.reason()), null));
            }
            case Reading.Sent sent -> key = sent.key();
            case Reading.Made made -> key = made.key();
        }
        if (body == null || body.length == 0) {
            return Mono.just(problem(ApiProblems.validationFailed("body", "is required"), key));
        }
        return switch (CreateOrderForm.read(body, LocalDate.now(clock))) {
            case CreateOrderForm.Reading.Invalid invalid ->
                Mono.just(problem(ApiProblems.validationFailed(invalid.problems()), key));
            case CreateOrderForm.Reading.Valid valid ->
                createOrder
                        .create(userId.get(), key, valid.form(), respondAsync(request))
                        .map(result -> answer(result.answer(), key, result.replayed()));
        };
    }

    @GetMapping("/api/flights/orders/{bookingId}")
    Mono<ResponseEntity<String>> booking(
            @AuthenticationPrincipal Jwt token,
            @PathVariable String bookingId,
            @RequestParam(name = "wait", required = false) String wait) {
        Optional<String> userId = userId(token);
        if (userId.isEmpty()) {
            return Mono.just(problem(ApiProblems.unauthorized("The token's subject is not a usable user id."), null));
        }
        Optional<UUID> id = uuid(bookingId);
        if (id.isEmpty()) {
            return Mono.just(problem(ApiProblems.notFound("booking"), null));
        }
        Optional<Duration> waitFor = wait == null ? Optional.of(Duration.ZERO) : waitParameter(wait);
        if (waitFor.isEmpty()) {
            return Mono.just(problem(
                    ApiProblems.validationFailed(
                            "wait",
                            "must be a number of seconds up to "
                                    + settings.maxStatusWait().toSeconds() + ", e.g. 30s"),
                    null));
        }
        return reads.one(userId.get(), id.get(), waitFor.get())
                .map(view -> view.map(found -> {
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("success", true);
                            body.put("booking", found);
                            return ResponseEntity.ok()
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .body(json.writeValueAsString(body));
                        })
                        .orElseGet(() -> problem(ApiProblems.notFound("booking"), null)));
    }

    @GetMapping({"/api/flights/my-orders", "/api/bookings"})
    Mono<ResponseEntity<String>> bookings(
            @AuthenticationPrincipal Jwt token,
            @RequestParam(name = "limit", required = false) String limit,
            @RequestParam(name = "cursor", required = false) String cursor) {
        Optional<String> userId = userId(token);
        if (userId.isEmpty()) {
            return Mono.just(problem(ApiProblems.unauthorized("The token's subject is not a usable user id."), null));
        }
        int pageSize;
        try {
            pageSize = limit == null ? DEFAULT_PAGE : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            pageSize = -1;
        }
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            return Mono.just(problem(
                    ApiProblems.validationFailed("limit", "must be a whole number from 1 to " + MAX_PAGE), null));
        }
        Optional<Cursor> after = cursor == null ? Optional.empty() : Cursor.decode(cursor);
        if (cursor != null && after.isEmpty()) {
            return Mono.just(problem(
                    ApiProblems.validationFailed("cursor", "must be a next_cursor from an earlier page"), null));
        }
        return reads.page(userId.get(), pageSize, after.orElse(null)).map(page -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("bookings", page.bookings());
            body.put("next_cursor", page.nextCursor());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
        });
    }

    private ResponseEntity<String> answer(BookingAnswer answer, String key, boolean replayed) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status())
                .contentType(answer.isProblem() ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON)
                .header(IdempotencyKeyHeader.NAME, key);
        if (replayed) {
            response.header(REPLAYED, "true");
        }
        if (answer.bookingId() != null && (answer.status() == 201 || answer.status() == 202)) {
            response.location(URI.create(BookingView.statusUrl(answer.bookingId())));
        }
        if (answer.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(answer.retryAfterSeconds()));
        }
        return response.body(answer.body());
    }

    private ResponseEntity<String> problem(ApiProblem problem, String key) {
        ResponseEntity<ApiProblem> entity = ProblemWriter.entity(problem);
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(entity.getStatusCode()).headers(entity.getHeaders());
        if (key != null) {
            response.header(IdempotencyKeyHeader.NAME, key);
        }
        return response.body(json.writeValueAsString(problem));
    }

    private Optional<Duration> waitParameter(String text) {
        Matcher matcher = WAIT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration wait = "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
        return wait.compareTo(settings.maxStatusWait()) > 0 ? Optional.empty() : Optional.of(wait);
    }

    /** {@code Prefer: respond-async} (RFC 7240), among any other preferences. */
    private static boolean respondAsync(ServerHttpRequest request) {
        List<String> preferences = request.getHeaders().getOrDefault("Prefer", List.of());
        return preferences.stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .map(preference -> preference.split(";")[0].trim().toLowerCase(Locale.ROOT))
                .anyMatch("respond-async"::equals);
    }

    private static Optional<String> userId(Jwt token) {
        String subject = token == null ? null : token.getSubject();
        return subject != null && USER_ID.matcher(subject).matches() ? Optional.of(subject) : Optional.empty();
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return text.length() == 36 ? Optional.of(UUID.fromString(text)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
