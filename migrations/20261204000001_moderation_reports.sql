-- Trust and safety (issue 15), part two: creator bios and portfolio samples
-- carry their moderation standing like requests do (held for review, a
-- profile is left out of search, matches and its public page; a sample out
-- of the portfolio others see), user reports, and account standing.
ALTER TABLE creator_profiles
    ADD COLUMN moderation_status text NOT NULL DEFAULT 'approved'
        CHECK (moderation_status IN ('approved', 'pending_review', 'removed')),
    ADD COLUMN moderation_reasons jsonb NOT NULL DEFAULT '[]';

ALTER TABLE portfolio_items
    ADD COLUMN moderation_status text NOT NULL DEFAULT 'approved'
        CHECK (moderation_status IN ('approved', 'pending_review', 'removed')),
    ADD COLUMN moderation_reasons jsonb NOT NULL DEFAULT '[]';

-- Chat messages are numbered, not uuids: a case names its item as text
-- (a uuid, or a message's number).
ALTER TABLE moderation_cases ALTER COLUMN target_id TYPE text USING target_id::text;

-- An account's standing: under review after three flags in thirty days (or
-- suspended by a moderator), it can sign in and read but not act.
ALTER TABLE users
    ADD COLUMN status text NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'pending_review', 'suspended')),
    ADD COLUMN status_changed_at timestamptz;
CREATE INDEX users_under_review ON users (status_changed_at) WHERE status <> 'active';

-- Reports by users: one per reporter and item. Each joins its item's live
-- case; a dismissed report no longer counts as a flag.
CREATE TABLE reports (
    id           uuid PRIMARY KEY,
    reporter_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    author_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_type  text NOT NULL CHECK (target_type IN
                     ('request', 'profile', 'portfolio_item', 'message', 'account')),
    target_id    text NOT NULL,
    reason       text NOT NULL CHECK (reason IN
                     ('spam_or_scam', 'abusive', 'sexual', 'hateful', 'impersonation', 'other')),
    note         text,
    case_id      uuid NOT NULL REFERENCES moderation_cases (id) ON DELETE CASCADE,
    state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'upheld', 'dismissed')),
    created_at   timestamptz NOT NULL,
    UNIQUE (reporter_id, target_type, target_id)
);
CREATE INDEX reports_author ON reports (author_id, created_at);
CREATE INDEX reports_case ON reports (case_id);

-- Every moderator decision and every appeal: who, when, what, why.
CREATE TABLE moderation_actions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     uuid NOT NULL REFERENCES moderation_cases (id) ON DELETE CASCADE,
    actor_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    action      text NOT NULL CHECK (action IN ('approve', 'remove', 'warn', 'suspend', 'reinstate', 'appeal')),
    note        text NOT NULL DEFAULT '',
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX moderation_actions_case ON moderation_actions (case_id, id);

-- Admins' views of other users' private fields (seed requirement 12.6).
CREATE TABLE access_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    admin_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    subject_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    what        text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX access_log_recent ON access_log (id DESC);
