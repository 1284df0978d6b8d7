-- Why: per-event notification preferences (issue 16). One row per user who
-- changed anything: the master switch for event mail and, in `events`,
-- only the rows that differ from the defaults (`{"new_message": {"in_app":
-- true, "email": false, "frequency": "immediately"}}`), so a new event gets
-- its default for everyone. No row: every default.
CREATE TABLE notification_preferences (
    user_id     uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email       boolean NOT NULL DEFAULT true,
    events      jsonb NOT NULL DEFAULT '{}'::jsonb,
    updated_at  timestamptz NOT NULL
);
