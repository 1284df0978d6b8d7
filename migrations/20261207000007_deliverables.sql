-- Why: the deliverables of a final contract (issue 17): one row per line of
-- its deliverables table, moving through the domain's transition table
-- (pending → in_review → changes_requested / approved → live) by a
-- compare-and-swap on `status`. Every draft and the live link is a
-- submission; the brand's decision is recorded on the draft it answers.
-- `rounds_used` counts the changes asked for, at most `rounds_agreed`.
CREATE TABLE deliverables (
    id             uuid PRIMARY KEY,
    contract_id    uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    deal_id        uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    position       integer NOT NULL,
    platform       text NOT NULL,
    format         text NOT NULL,
    quantity       integer NOT NULL CHECK (quantity >= 1),
    due_on         date NOT NULL,
    draft_due_on   date NOT NULL,
    rounds_agreed  integer NOT NULL CHECK (rounds_agreed >= 0),
    rounds_used    integer NOT NULL DEFAULT 0 CHECK (rounds_used >= 0),
    status         text NOT NULL CHECK (status IN
                     ('pending', 'in_review', 'changes_requested', 'approved', 'live')),
    live_url       text,
    updated_at     timestamptz NOT NULL,
    UNIQUE (contract_id, position)
);
CREATE INDEX deliverables_deal ON deliverables (deal_id, position);

CREATE TABLE deliverable_submissions (
    id              uuid PRIMARY KEY,
    deliverable_id  uuid NOT NULL REFERENCES deliverables (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('draft', 'live')),
    url             text,
    file_key        text,
    file_type       text,
    file_bytes      bigint,
    note            text,
    submitted_by    uuid REFERENCES users (id),
    submitted_at    timestamptz NOT NULL,
    decision        text CHECK (decision IN ('approve', 'request_changes')),
    review_note     text,
    reviewed_by     uuid REFERENCES users (id),
    reviewed_at     timestamptz,
    CHECK (url IS NOT NULL OR file_key IS NOT NULL)
);
CREATE INDEX deliverable_submissions_of ON deliverable_submissions (deliverable_id, submitted_at);
