-- What the offline assistant said, as facts (domain::assistant::Said), so a
-- reply is worded in the reader's language each time it is read; `content`
-- keeps the words it was first sent with (and is all a model's reply has).
ALTER TABLE conversation_messages ADD COLUMN said jsonb;
