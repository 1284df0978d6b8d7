-- Why: an event whose mail its recipient wants once a day (issue 16,
-- frequency "daily") is held here, in the transaction of the event, until
-- the 09:00 pass in the recipient's time zone takes every held item of that
-- user into one digest mail and deletes them in the same transaction. The
-- facts are the notification's, worded in the reader's language when the
-- digest is rendered.
CREATE TABLE mail_digest_items (
    id            bigserial PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event         text NOT NULL,
    notification  text NOT NULL,
    facts         jsonb NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX mail_digest_items_user ON mail_digest_items (user_id, id);
