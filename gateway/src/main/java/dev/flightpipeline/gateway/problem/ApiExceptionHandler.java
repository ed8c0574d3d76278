package dev.flightpipeline.gateway.problem;

import dev.flightpipeline.duffel.ReactiveLogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * What no controller answered becomes a problem body too: an unknown path, a wrong method, a body
 * that is not JSON or too large, and, last, anything unexpected (a 500 that names nothing
 * internal; the cause goes to the log, not to the client).
 */
@Component
@Order(-2) // before Spring Boot's default error handler, which would answer with its own body
public class ApiExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** The largest request body the gateway reads. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final ProblemWriter problems;

    public ApiExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        return ReactiveLogContext.supply(() -> problemFor(exchange, failure))
                .flatMap(problem -> problems.write(exchange.getResponse(), problem));
    }

    private static ApiProblem problemFor(ServerWebExchange exchange, Throwable failure) {
        if (causedBy(failure, DataBufferLimitException.class)) {
            return ApiProblems.bodyTooLarge(MAX_BODY_BYTES);
        }
        return switch (failure) {
            case MethodNotAllowedException notAllowed -> ApiProblems.methodNotAllowed(notAllowed.getHttpMethod());
            case UnsupportedMediaTypeStatusException unsupported -> ApiProblems.unsupportedMediaType();
            case NotAcceptableStatusException notAcceptable -> ApiProblems.notAcceptable();
            case ServerWebInputException input -> ApiProblems.validationFailed("body", "must be a valid JSON document");
            case ResponseStatusException status
            when status.getStatusCode() == HttpStatus.NOT_FOUND -> ApiProblems.notFound("resource");
            default -> {
                log.error(
                        "Unexpected failure on {} {}",
                        exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath().value(),
                        failure);
                yield ApiProblems.internalError();
            }
        };
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
