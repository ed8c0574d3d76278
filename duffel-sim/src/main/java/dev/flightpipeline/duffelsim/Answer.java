package dev.flightpipeline.duffelsim;

import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What the simulator does with a request: answer, answer late, or drop the connection. */
sealed interface Answer {

    /** A JSON answer with extra headers. */
    record Json(int status, JsonNode body, Map<String, String> headers) implements Answer {
        Json(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    /** The answer is held back (a client with a shorter timeout gives up first). */
    record Late(Json answer, Duration after) implements Answer {}

    /** The connection is reset without an answer. */
    record Reset() implements Answer {}
}
