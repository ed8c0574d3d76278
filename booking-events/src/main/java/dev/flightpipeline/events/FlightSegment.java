package dev.flightpipeline.events;

import java.time.LocalDateTime;

/**
 * One flight of a confirmed booking.
 *
 * @param sliceIndex which journey (0 outbound, 1 return, ...)
 * @param departingAt local time at the origin airport, without an offset, as airlines give it
 */
public record FlightSegment(
        int sliceIndex,
        String origin,
        String destination,
        LocalDateTime departingAt,
        LocalDateTime arrivingAt,
        String marketingCarrier,
        String flightNumber) {}
