package dev.flightpipeline.booking;

import java.time.LocalDateTime;

/**
 * One flight of a confirmed booking.
 *
 * @param sliceIndex which journey of the order (0 outbound, 1 return, ...)
 * @param departingAt local time at the origin airport, as Duffel gives it
 * @param arrivingAt local time at the destination airport
 */
public record Segment(
        int sliceIndex,
        String duffelSegmentId,
        String origin,
        String destination,
        LocalDateTime departingAt,
        LocalDateTime arrivingAt,
        String marketingCarrier,
        String flightNumber,
        String operatingCarrier,
        String duration,
        String aircraft) {}
