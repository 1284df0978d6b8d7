-- Why: issue 4. Who is looking at which chat right now, across instances:
-- one row per open WebSocket, refreshed by its heartbeat, removed when it
-- closes. A row older than a minute belongs to a process that died and is
-- ignored (and deleted by housekeeping). A new message notifies the other
-- side only when they are not looking.
CREATE TABLE chat_presence (
    connection_id  uuid PRIMARY KEY,
    window_id      uuid NOT NULL REFERENCES chat_windows (id) ON DELETE CASCADE,
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seen_at        timestamptz NOT NULL
);
CREATE INDEX chat_presence_window_idx ON chat_presence (window_id, user_id, seen_at);
