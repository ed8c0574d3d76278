-- Duffel orders that no booking takes (an order naming no booking of ours, a second order for a
-- booking, an order for a booking closed as FAILED or never sent), each reported once to an
-- operator on booking.ops however often a webhook or a sweep meets it again.
create table orphan_order (
    duffel_order_id    text        primary key,
    -- The booking the order names in metadata.booking_id, when it names one (it may not exist).
    booking_id         uuid,
    kind               text        not null,
    -- 'webhook' or 'sweep': what met the order first.
    found_by           text        not null,
    reported_at        timestamptz not null default now()
);
