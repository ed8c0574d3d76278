-- The reconciler's claim on an open booking, kept apart from next_check_at so that claiming is a
-- HOT update: a new row version on the same page and no new index entry. Moving next_check_at,
-- the key of booking_reconciler_due, wrote a new entry in each of the table's six indexes for every
-- claimed booking, which was most of a claim's time.

-- The reconciler that claimed the booking checks it until then; null or past: free to claim. In no
-- index, so that setting it stays a HOT update.
alter table booking add column claimed_until timestamptz;

-- The reconciler's checks that found nothing to do yet (its back-off), counted as they are made:
-- a claim reads it with the booking, where it counted the history rows of each claimed booking.
alter table booking add column reconciler_checks integer not null default 0;

update booking b
set reconciler_checks = checks.made
from (select booking_id, count(*) as made
      from booking_state_change
      where reason in ('order_not_found_yet', 'received_overdue')
      group by booking_id) checks
where b.id = checks.booking_id and b.status in ('RECEIVED', 'SUBMITTING', 'UNKNOWN');

-- Room on each page for the new version of a claimed row (HOT needs it on the same page). Applies
-- to pages written from now on.
alter table booking set (fillfactor = 90);
