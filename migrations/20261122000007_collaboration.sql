-- Why: issue 4. A creator's interest in a request; the 48-hour chat window
-- that opens when the brand accepts it; its messages; the deal negotiated in
-- it; and in-app notifications. State machines live in the domain crate
-- (interest, chat_window, deal); the CHECKs keep stored states inside them.

CREATE TABLE interests (
    id          uuid PRIMARY KEY,
    request_id  uuid NOT NULL REFERENCES collaboration_requests (id) ON DELETE CASCADE,
    creator_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    note        text,
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_at  timestamptz NOT NULL,
    decided_at  timestamptz,
    -- Requirement 6.5: one interest per creator and request.
    UNIQUE (request_id, creator_id)
);
CREATE INDEX interests_creator_idx ON interests (creator_id, created_at DESC);
CREATE INDEX interests_request_idx ON interests (request_id, created_at DESC);

CREATE TABLE chat_windows (
    id           uuid PRIMARY KEY,
    -- Accepting an interest opens exactly one window.
    interest_id  uuid NOT NULL UNIQUE REFERENCES interests (id) ON DELETE CASCADE,
    request_id   uuid NOT NULL REFERENCES collaboration_requests (id) ON DELETE CASCADE,
    brand_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    creator_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    opened_at    timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed', 'expired')),
    ended_at     timestamptz,
    -- Set once, by whichever instance sends the 6-hour reminder first.
    reminded_at  timestamptz,
    -- Set when the window expires: its messages are kept read-only.
    archived_at  timestamptz,
    -- 'deal' when a deal was confirmed, 'declined' when it expired without one.
    outcome      text CHECK (outcome IN ('deal', 'declined'))
);
CREATE INDEX chat_windows_brand_idx ON chat_windows (brand_id, opened_at DESC);
CREATE INDEX chat_windows_creator_idx ON chat_windows (creator_id, opened_at DESC);
CREATE INDEX chat_windows_due_idx ON chat_windows (expires_at) WHERE status = 'active';

-- Ids grow in commit order within a window: a message is inserted while its
-- window row is locked, so "after id N" never skips a slower transaction.
CREATE TABLE chat_messages (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    window_id   uuid NOT NULL REFERENCES chat_windows (id) ON DELETE CASCADE,
    sender_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The sender's own id for the message: a retry stores nothing new.
    client_id   uuid NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (window_id, client_id)
);
CREATE INDEX chat_messages_window_idx ON chat_messages (window_id, id);

CREATE TABLE deals (
    id                    uuid PRIMARY KEY,
    window_id             uuid NOT NULL UNIQUE REFERENCES chat_windows (id) ON DELETE CASCADE,
    version               integer NOT NULL CHECK (version >= 1),
    deliverables          text NOT NULL,
    timeline              text NOT NULL,
    amount                bigint NOT NULL CHECK (amount > 0),
    currency              text NOT NULL,
    usage_rights          text NOT NULL,
    proposed_by           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    proposed_at           timestamptz NOT NULL,
    brand_confirmed_at    timestamptz,
    creator_confirmed_at  timestamptz,
    confirmed_at          timestamptz
);

-- Every version ever proposed, for the record.
CREATE TABLE deal_versions (
    deal_id       uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    version       integer NOT NULL,
    deliverables  text NOT NULL,
    timeline      text NOT NULL,
    amount        bigint NOT NULL,
    currency      text NOT NULL,
    usage_rights  text NOT NULL,
    proposed_by   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    proposed_at   timestamptz NOT NULL,
    PRIMARY KEY (deal_id, version)
);

CREATE TABLE notifications (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    -- What the notification is about, for its text and link (ids, titles).
    data        jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL,
    read_at     timestamptz,
    -- Events that must notify once (a reminder) carry a key; others none.
    once_key    text,
    UNIQUE (user_id, once_key)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
