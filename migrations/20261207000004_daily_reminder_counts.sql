-- Why: the daily reminder also names contracts waiting for the user's
-- acceptance and the brand's overdue payments (issue 17, requirement
-- 11.5); the claim keeps what it said, as for interests and deals.
ALTER TABLE daily_reminders
    ADD COLUMN contracts integer NOT NULL DEFAULT 0,
    ADD COLUMN overdue integer NOT NULL DEFAULT 0;
