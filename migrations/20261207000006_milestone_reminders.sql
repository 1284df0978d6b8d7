-- Overdue payment reminders (issue 17): one per milestone per day of its
-- brand, claimed in the sending transaction so that every instance may run
-- the pass. Housekeeping drops claims older than a week.
CREATE TABLE milestone_reminders (
    milestone_id uuid NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    day date NOT NULL,
    sent_at timestamptz NOT NULL,
    PRIMARY KEY (milestone_id, day)
);
CREATE INDEX milestone_reminders_sent_at ON milestone_reminders (sent_at);
