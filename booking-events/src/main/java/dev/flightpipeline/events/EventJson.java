package dev.flightpipeline.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events' JSON, the same in every service: camelCase members, ISO-8601 times, null members
 * left out, unknown members ignored (so a consumer keeps working when a member is added).
 */
public final class EventJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(include -> include.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {}

    public static String write(Object event) {
        return JSON.writeValueAsString(event);
    }

    /** @throws tools.jackson.core.JacksonException when the text is not such an event */
    public static <T> T read(byte[] json, Class<T> type) {
        return JSON.readValue(json, type);
    }

    public static <T> T read(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }

    public static JsonMapper mapper() {
        return JSON;
    }
}
