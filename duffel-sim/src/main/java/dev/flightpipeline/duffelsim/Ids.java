package dev.flightpipeline.duffelsim;

import java.util.concurrent.ThreadLocalRandom;

/** Ids shaped like Duffel's: a prefix, then 26 characters ({@code off_0000AgkZ...}). */
final class Ids {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] PNR = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private Ids() {}

    static String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append("0000");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 22; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    /** A six-character airline booking reference. */
    static String bookingReference() {
        StringBuilder reference = new StringBuilder();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            reference.append(PNR[random.nextInt(PNR.length)]);
        }
        return reference.toString();
    }
}
