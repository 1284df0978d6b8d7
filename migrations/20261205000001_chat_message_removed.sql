-- A chat message a moderator removed (issue 15): its text is hidden from the
-- other party; its sender still sees it, marked removed.
ALTER TABLE chat_messages ADD COLUMN removed boolean NOT NULL DEFAULT false;
