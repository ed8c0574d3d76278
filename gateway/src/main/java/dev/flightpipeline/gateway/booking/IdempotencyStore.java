package dev.flightpipeline.gateway.booking;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The remembered Idempotency-Keys, in PostgreSQL so that every gateway instance sees the same: a
 * key is claimed once per user, with the request it was and, when there is one, the answer to
 * replay. An expired key is claimed afresh as if it had never been seen.
 */
class IdempotencyStore {

    /** What is remembered of a key. */
    record Entry(String fingerprint, UUID bookingId, Integer responseStatus, String responseBody, Instant answerDueBy) {
        boolean answered() {
            return responseStatus != null;
        }
    }

    /** The outcome of claiming a key. */
    sealed interface Claim {
        /**
         * The key is this request's now.
         *
         * @param heldBy the booking the booker already holds under the key, if any (the key's record
         *     expired while its booking stays: bookings keep their key for ever)
         */
        record Claimed(Optional<UUID> heldBy) implements Claim {}

        /** The key was seen before (and has not expired). */
        record Seen(Entry entry) implements Claim {}
    }

    private final JdbcClient jdbc;

    IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the key and, in the same statement, looks for a booking already held under it: the
     * accept path's one round trip to the database before the request is handed over.
     */
    Claim claim(
            String userId,
            String key,
            String fingerprint,
            UUID bookingId,
            Instant now,
            Instant answerDueBy,
            Instant expiresAt) {
        ClaimRow row = jdbc.sql("""
                        with claimed as (
                            insert into idempotency_record
                                (user_id, idempotency_key, fingerprint, booking_id, answer_due_by, created_at, expires_at)
                            values (:user, :key, :fingerprint, :booking, :answerDueBy, :now, :expiresAt)
                            on conflict (user_id, idempotency_key) do update
                                set fingerprint = excluded.fingerprint, booking_id = excluded.booking_id,
                                    response_status = null, response_body = null, answer_due_by = excluded.answer_due_by,
                                    created_at = excluded.created_at, expires_at = excluded.expires_at
                                where idempotency_record.expires_at <= excluded.created_at
                            returning 1)
                        select exists (select 1 from claimed) as claimed,
                            (select id from booking where user_id = :user and idempotency_key = :key) as held_by""")
                .param("user", userId)
                .param("key", key)
                .param("fingerprint", fingerprint)
                .param("booking", bookingId)
                .param("answerDueBy", Timestamp.from(answerDueBy))
                .param("now", Timestamp.from(now))
                .param("expiresAt", Timestamp.from(expiresAt))
                .query((result, number) ->
                        new ClaimRow(result.getBoolean("claimed"), result.getObject("held_by", UUID.class)))
                .single();
        if (row.claimed()) {
            return new Claim.Claimed(Optional.ofNullable(row.heldBy()));
        }
        return new Claim.Seen(find(userId, key)
                .orElseThrow(() -> new IllegalStateException(
                        "the key was neither claimed nor found; it expired and was purged in between")));
    }

    private record ClaimRow(boolean claimed, UUID heldBy) {}

    Optional<Entry> find(String userId, String key) {
        return jdbc.sql("""
                        select fingerprint, booking_id, response_status, response_body, answer_due_by
                        from idempotency_record where user_id = ? and idempotency_key = ?""")
                .params(userId, key)
                .query((row, number) -> new Entry(
                        row.getString("fingerprint"),
                        row.getObject("booking_id", UUID.class),
                        (Integer) row.getObject("response_status"),
                        row.getString("response_body"),
                        row.getTimestamp("answer_due_by").toInstant()))
                .optional();
    }

    /** Whether this user has a request that was accepted for this booking (the booking may not be recorded yet). */
    boolean acceptedFor(String userId, UUID bookingId) {
        return jdbc.sql("select count(*) from idempotency_record where user_id = ? and booking_id = ?")
                        .params(userId, bookingId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Stores the answer to replay for the key's booking. */
    void answer(String userId, String key, UUID bookingId, int status, String body) {
        jdbc.sql("""
                        update idempotency_record set response_status = ?, response_body = ?
                        where user_id = ? and idempotency_key = ? and booking_id = ?""").params(status, body, userId, key, bookingId).update();
    }

    /** Points the key at the booking the booker already holds under it. */
    void rebind(String userId, String key, UUID claimedFor, UUID bookingId) {
        jdbc.sql(
                        "update idempotency_record set booking_id = ? where user_id = ? and idempotency_key = ? and booking_id = ?")
                .params(bookingId, userId, key, claimedFor)
                .update();
    }

    /**
     * Lets this request take over a key whose first request stored no answer in time.
     *
     * @return false when another request took it over first
     */
    boolean takeOver(String userId, String key, UUID bookingId, Instant now, Instant answerDueBy) {
        return jdbc.sql("""
                                update idempotency_record set answer_due_by = ?
                                where user_id = ? and idempotency_key = ? and booking_id = ?
                                    and response_status is null and answer_due_by <= ?""")
                        .params(Timestamp.from(answerDueBy), userId, key, bookingId, Timestamp.from(now))
                        .update()
                == 1;
    }

    /** The request could not be handed over: the next request with the key may take over at once. */
    void takeOverNow(String userId, String key, UUID bookingId) {
        jdbc.sql("""
                        update idempotency_record set answer_due_by = created_at
                        where user_id = ? and idempotency_key = ? and booking_id = ? and response_status is null""").params(userId, key, bookingId).update();
    }

    /** Forgets a claim that started no booking: the key is free again. */
    void release(String userId, String key, UUID bookingId) {
        jdbc.sql("delete from idempotency_record where user_id = ? and idempotency_key = ? and booking_id = ?")
                .params(userId, key, bookingId)
                .update();
    }

    int purgeExpired(Instant now) {
        return jdbc.sql("delete from idempotency_record where expires_at <= ?")
                .param(Timestamp.from(now))
                .update();
    }
}
