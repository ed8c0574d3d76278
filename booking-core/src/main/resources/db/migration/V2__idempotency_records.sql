-- The gateway's memory of Idempotency-Keys (http-api.md): which booking a (user, key) started, the
-- request it was, and the answer to replay. Kept for the retention period (24 hours by default),
-- after which the key is new again.
create table idempotency_record (
    user_id          text        not null,
    idempotency_key  text        not null,
    -- Hash of the method, the path and the canonical JSON body: another payload under the key is refused.
    fingerprint      text        not null,
    booking_id       uuid        not null,
    -- The answer to replay; null while the first request is still waiting for the booking's outcome.
    response_status  integer,
    response_body    text,
    -- Until then the first request may still be waiting: a repeat is answered "in progress".
    answer_due_by    timestamptz not null,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    primary key (user_id, idempotency_key)
);

-- A booking's status URL is answered before the booker has recorded the booking.
create index idempotency_record_booking on idempotency_record (booking_id);

-- Purging expired keys.
create index idempotency_record_expiry on idempotency_record (expires_at);
