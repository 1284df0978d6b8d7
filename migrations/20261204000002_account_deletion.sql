-- Why: issue 15's account deletion (requirement 12.5). A deleted account
-- stays as a row that others' chats, deals and moderation records still
-- point at: `deleted_at` hides it at once (no sign-in, no session, no
-- token, out of search, matches and public pages); the purge job removes
-- the personal data 30 days later and sets `purged_at`.
ALTER TABLE users
    ADD COLUMN deleted_at timestamptz,
    ADD COLUMN purged_at timestamptz;

CREATE INDEX users_purge_due_idx ON users (deleted_at)
    WHERE deleted_at IS NOT NULL AND purged_at IS NULL;

-- A deleted creator's profile leaves search and matches in the same
-- transaction; the filter reads this column of the row it already has.
ALTER TABLE creator_profiles ADD COLUMN listed boolean NOT NULL DEFAULT true;
