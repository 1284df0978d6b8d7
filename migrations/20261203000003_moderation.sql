-- Trust and safety (issue 15): each published text's moderation standing and
-- the cases moderators work. A refused text is never stored; one held for
-- review is stored with status pending_review and shown only to its author.
ALTER TABLE collaboration_requests
    ADD COLUMN moderation_status text NOT NULL DEFAULT 'approved'
        CHECK (moderation_status IN ('approved', 'pending_review', 'removed')),
    -- [{category, source, evidence}], the reasons the scanner or moderators gave.
    ADD COLUMN moderation_reasons jsonb NOT NULL DEFAULT '[]';

-- One case per flagged item while it is being decided (open or appealed);
-- decided cases stay as the item's history.
CREATE TABLE moderation_cases (
    id           uuid PRIMARY KEY,
    target_type  text NOT NULL CHECK (target_type IN
                     ('request', 'profile', 'portfolio_item', 'message', 'account', 'deal')),
    target_id    uuid NOT NULL,
    author_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state        text NOT NULL DEFAULT 'open' CHECK (state IN
                     ('open', 'approved', 'warned', 'removed', 'suspended', 'appealed', 'reinstated', 'upheld')),
    reasons      jsonb NOT NULL DEFAULT '[]',
    -- What was flagged, as it read then (moderators see it even if edited).
    excerpt      text NOT NULL,
    appeal       text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX moderation_cases_live ON moderation_cases (target_type, target_id)
    WHERE state IN ('open', 'appealed');
CREATE INDEX moderation_cases_queue ON moderation_cases (state, created_at DESC, id DESC);
CREATE INDEX moderation_cases_author ON moderation_cases (author_id, created_at);
