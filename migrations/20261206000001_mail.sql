-- Why: account recovery and e-mail (issue 16). A message is written to the
-- outbox in the same transaction as the event that causes it, so none is
-- lost and none goes out for a change that rolled back; a job hands each
-- one to the SMTP server (or, with none configured, keeps it for the admin
-- Outbox page). Link tokens (password reset, e-mail verification) are kept
-- only as SHA-256 hashes.
ALTER TABLE users
    ADD COLUMN email_verified_at timestamptz,
    -- Browser sessions that signed in before this no longer count (set by
    -- a password reset).
    ADD COLUMN sessions_valid_after timestamptz;

CREATE TABLE email_tokens (
    token_hash  bytea PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     text NOT NULL CHECK (purpose IN ('password_reset', 'verify_email')),
    -- The address the link went to: a link for an old address does not
    -- verify a new one.
    email       text NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX email_tokens_user_purpose ON email_tokens (user_id, purpose, created_at);

CREATE TABLE mail_outbox (
    id          bigserial PRIMARY KEY,
    user_id     uuid REFERENCES users (id) ON DELETE CASCADE,
    to_address  text NOT NULL,
    to_name     text NOT NULL,
    -- What the mail is about (`password_reset`, `verify_email`, …) and its
    -- facts; the words are rendered at delivery in `language`.
    kind        text NOT NULL,
    language    text NOT NULL,
    data        jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- Stable across attempts, so a retry after a hand-over that was not
    -- recorded is recognisably the same message.
    message_id  text NOT NULL UNIQUE,
    status      text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'kept', 'failed')),
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text,
    -- The message as rendered at its last attempt (the Outbox page shows it).
    subject     text,
    text_body   text,
    html_body   text,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz
);
CREATE INDEX mail_outbox_user ON mail_outbox (user_id);
