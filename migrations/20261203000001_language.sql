-- The language a user reads the product in (issue 14): pages, notifications,
-- match reasons, the assistant's replies and REST error messages.
ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'en'
    CHECK (language IN ('en', 'hi', 'ta', 'te', 'bn', 'mr'));
