-- The booking pipeline's schema. PostgreSQL is the source of truth for every booking's state.

-- One row per booking: created once per (user, idempotency key), moved through the state machine
--   RECEIVED -> SUBMITTING -> CONFIRMED | FAILED | UNKNOWN,  UNKNOWN -> CONFIRMED | FAILED.
create table booking (
    id                      uuid primary key,
    user_id                 text        not null,
    idempotency_key         text        not null,
    -- Hash of the canonical request: the same key with another payload is refused, not booked.
    request_fingerprint     text        not null,
    offer_id                text        not null,
    status                  text        not null,
    failure_code            text,
    failure_reason          text,
    duffel_order_id         text,
    booking_reference       text,
    -- Unconstrained scale: some currencies have three decimals, and Duffel's amount is kept as given.
    total_amount            numeric,
    total_currency          char(3),
    offer_expires_at        timestamptz,
    -- The total the user saw at search, when the request named it: a different current price fails
    -- the booking as price_changed instead of paying it.
    expected_total_amount   numeric,
    expected_total_currency char(3),
    -- Duffel calls made for this booking, and the request id of the last one (for support cases).
    attempts                integer     not null default 0,
    last_attempt_at         timestamptz,
    last_duffel_request_id  text,
    -- The booker instance that moved it to SUBMITTING: after a crash that instance turns only its
    -- own SUBMITTING bookings into UNKNOWN, never another live instance's.
    submitted_by            text,
    -- Confirmed by the reconciler after the booker's own call ended without an answer.
    late                    boolean     not null default false,
    -- When the reconciler should look at this booking (again); null once it is terminal.
    next_check_at           timestamptz,
    created_at              timestamptz not null,
    updated_at              timestamptz not null,
    version                 bigint      not null,
    constraint booking_status_known
        check (status in ('RECEIVED', 'SUBMITTING', 'CONFIRMED', 'FAILED', 'UNKNOWN')),
    constraint booking_confirmed_has_order
        check (status <> 'CONFIRMED' or duffel_order_id is not null),
    constraint booking_failed_has_reason
        check (status <> 'FAILED' or failure_code is not null),
    constraint booking_user_idempotency_key_unique unique (user_id, idempotency_key),
    constraint booking_duffel_order_unique unique (duffel_order_id)
);

-- At most one booking per offer that has not failed: two keys can never both book one offer.
create unique index booking_live_offer_unique on booking (offer_id) where status <> 'FAILED';

-- The reconciler's work queue: only bookings that are not terminal are in it, so it stays small
-- however many bookings have finished ("oldest due first ... for update skip locked").
create index booking_reconciler_due on booking (next_check_at, id)
    where status in ('RECEIVED', 'SUBMITTING', 'UNKNOWN');

-- "My orders": a user's bookings, newest first, paged by (created_at, id).
create index booking_user_newest_first on booking (user_id, created_at desc, id desc);

-- The passengers of a booking, as sent to Duffel (and as Duffel returned them on the order).
create table traveler (
    booking_id      uuid    not null references booking (id) on delete cascade,
    position        integer not null,
    passenger_id    text    not null,
    title           text,
    given_name      text    not null,
    family_name     text    not null,
    gender          text,
    born_on         date    not null,
    email           text,
    phone_number    text,
    primary key (booking_id, position)
);

-- The flights of a confirmed booking, in order, slice by slice.
create table segment (
    booking_id          uuid      not null references booking (id) on delete cascade,
    position            integer   not null,
    slice_index         integer   not null,
    duffel_segment_id   text,
    origin              char(3)   not null,
    destination         char(3)   not null,
    -- Local times at the airports, as Duffel gives them (no offset).
    departing_at        timestamp not null,
    arriving_at         timestamp not null,
    marketing_carrier   text      not null,
    flight_number       text      not null,
    operating_carrier   text,
    duration            text,
    aircraft            text,
    primary key (booking_id, position)
);

-- Events written in the same transaction as the state change they report. One relay publishes
-- them to Kafka and keeps its progress in Kafka, so publishing updates no row here.
-- Sequence ids are handed out before commit, so a lower id can become visible after a higher one.
-- The relay therefore reads in (txid, id) order and only rows of transactions older than every
-- transaction still open (pg_snapshot_xmin): no row can later appear behind its position.
create table outbox_event (
    id              bigserial   primary key,
    txid            xid8        not null default pg_current_xact_id(),
    event_id        uuid        not null unique,
    topic           text        not null,
    message_key     text        not null,
    event_type      text        not null,
    -- json, not jsonb: published byte for byte as the service wrote it.
    payload         json        not null,
    headers         jsonb       not null default '{}'::jsonb,
    created_at      timestamptz not null default now()
);
create index outbox_event_relay_order on outbox_event (txid, id);

-- Duffel webhook deliveries already handled: a repeated delivery (same event id) does nothing.
create table webhook_delivery (
    event_id        text        primary key,
    event_type      text        not null,
    booking_id      uuid,
    received_at     timestamptz not null default now()
);

-- Every state change of a booking, for support and audit.
create table booking_state_change (
    id                  bigserial   primary key,
    booking_id          uuid        not null references booking (id) on delete cascade,
    from_status         text,
    to_status           text        not null,
    reason              text,
    duffel_request_id   text,
    changed_at          timestamptz not null default now()
);
create index booking_state_change_by_booking on booking_state_change (booking_id, id);
