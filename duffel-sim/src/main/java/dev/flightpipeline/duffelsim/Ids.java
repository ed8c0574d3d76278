package dev.flightpipeline.duffelsim;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Ids shaped like Duffel's: a prefix, then 26 characters ({@code off_0000AgkZ...}). */
final class Ids {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] PNR = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private Ids() {}

    static String next(String prefix) {
        return next(prefix, ThreadLocalRandom.current());
    }

    /** An id drawn from {@code random}: the same random state gives the same id. */
    static String next(String prefix, Random random) {
        StringBuilder id =
                new StringBuilder(prefix.length() + 26).append(prefix).append("0000");
        for (int i = 0; i < 22; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    /** Duffel's request ids are 20 characters. */
    static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    /** A six-character airline booking reference (no 0/O or 1/I, as airlines avoid them). */
    static String bookingReference() {
        StringBuilder reference = new StringBuilder(6);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            reference.append(PNR[random.nextInt(PNR.length)]);
        }
        return reference.toString();
    }

    /** A 13-digit e-ticket number: a 3-digit airline prefix and 10 digits. */
    static String ticketNumber() {
        return "125" + (1_000_000_000L + ThreadLocalRandom.current().nextLong(9_000_000_000L));
    }
}
