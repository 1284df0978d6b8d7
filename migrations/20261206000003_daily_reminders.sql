-- Why: the daily reminder of what waits for a user's answer (issue 16,
-- requirement 11.5) goes at 09:00 in the user's time zone, once a day,
-- however many instances sweep. An instance claims (user, local day) here
-- in the transaction that sends the reminder; a second claim of the same
-- day does nothing. The counts are what the reminder said.
CREATE TABLE daily_reminders (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day        date NOT NULL,
    interests  integer NOT NULL,
    deals      integer NOT NULL,
    sent_at    timestamptz NOT NULL,
    PRIMARY KEY (user_id, day)
);
