-- Why: new chat messages by mail (issue 16, requirement 11.2). A user not
-- looking at a chat when a message arrives has it unseen from then on; if
-- they have not opened the chat a few minutes later, one mail tells them
-- how many messages wait (however many arrived), and none follows until
-- they have opened it again. Opening or answering the chat removes the row.
CREATE TABLE chat_unseen (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    window_id  uuid NOT NULL REFERENCES chat_windows (id) ON DELETE CASCADE,
    -- When the first unseen message arrived.
    since      timestamptz NOT NULL,
    mailed_at  timestamptz,
    PRIMARY KEY (user_id, window_id)
);
