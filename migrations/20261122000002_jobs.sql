-- Why: durable background work (embedding profiles and requests first;
-- chat expiry and reminders later) that survives restarts and runs once
-- however many server instances poll: workers claim due rows with
-- FOR UPDATE SKIP LOCKED under a lease, and a crashed worker's lease runs out.
CREATE TABLE jobs (
    id            bigserial PRIMARY KEY,
    kind          text NOT NULL,
    payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- At most one unfinished job per key (e.g. "embed:creator:<id>").
    dedupe_key    text,
    run_at        timestamptz NOT NULL,
    attempts      integer NOT NULL DEFAULT 0,
    max_attempts  integer NOT NULL DEFAULT 8,
    locked_until  timestamptz,
    last_error    text,
    created_at    timestamptz NOT NULL,
    done_at       timestamptz,
    failed_at     timestamptz
);
CREATE UNIQUE INDEX jobs_unfinished_dedupe_key ON jobs (dedupe_key)
    WHERE done_at IS NULL AND failed_at IS NULL;
CREATE INDEX jobs_due ON jobs (run_at, id)
    WHERE done_at IS NULL AND failed_at IS NULL;
