-- Why: issue 5. Every user's own tasks, the assistant's conversations about
-- them, personal API tokens for outside agents (REST and MCP), and the time
-- zone that "tomorrow" is read in.

-- An IANA name; Postgres' own zone database checks and converts it.
ALTER TABLE users ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';

-- Integer ids, as the tool contracts (seed 002) name tasks. Every query is
-- scoped by user_id, so a guessed id of someone else's task finds nothing.
CREATE TABLE tasks (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description   text CHECK (char_length(description) <= 2000),
    priority      text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
    -- Due date and optional time of day on the user's own calendar.
    due_date      date,
    due_time      time,
    completed     boolean NOT NULL DEFAULT false,
    completed_at  timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    -- Deleting keeps the row for a while so it can be undone; housekeeping
    -- removes it for good a day later.
    deleted_at    timestamptz,
    CHECK (due_time IS NULL OR due_date IS NOT NULL)
);
CREATE INDEX tasks_user_idx ON tasks (user_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX tasks_deleted_idx ON tasks (deleted_at) WHERE deleted_at IS NOT NULL;

-- The task chat: one user's conversations with the assistant.
CREATE TABLE conversations (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       text NOT NULL,
    -- What the offline engine remembers between turns: tasks mentioned, in
    -- order, and a question it is waiting to have answered.
    memory      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX conversations_user_idx ON conversations (user_id, updated_at DESC);

CREATE TABLE conversation_messages (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id  uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role             text NOT NULL CHECK (role IN ('user', 'assistant')),
    content          text NOT NULL,
    -- For the assistant: [{tool, arguments, result}] in the order made.
    tool_calls       jsonb NOT NULL DEFAULT '[]',
    created_at       timestamptz NOT NULL
);
CREATE INDEX conversation_messages_idx ON conversation_messages (conversation_id, id);

-- Personal API tokens: shown once, kept only as a SHA-256 hash.
CREATE TABLE api_tokens (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    token_hash    bytea NOT NULL UNIQUE,
    -- The first characters, so a user can tell tokens apart.
    prefix        text NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, created_at DESC);
