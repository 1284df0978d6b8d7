-- Why: the payment milestones of a final contract (issue 17, requirements
-- 16.1–16.5), one per planned payment with its exact amount and due date.
-- Each change is a compare-and-swap on the row's status in the transaction
-- that records it in `milestone_events`; an event's idempotency key is
-- unique per milestone, so a double click or a retry on another instance
-- records a payment once.
CREATE TABLE milestones (
    id           uuid PRIMARY KEY,
    contract_id  uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    deal_id      uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    label        text NOT NULL,
    amount       bigint NOT NULL CHECK (amount >= 0),
    currency     text NOT NULL,
    due_on       date NOT NULL,
    status       text NOT NULL CHECK (status IN
                   ('scheduled', 'due', 'marked_paid', 'completed', 'disputed', 'resolved')),
    reference    text,
    paid_on      date,
    note         text,
    updated_at   timestamptz NOT NULL,
    UNIQUE (contract_id, position)
);
CREATE INDEX milestones_deal ON milestones (deal_id, position);
CREATE INDEX milestones_scheduled ON milestones (due_on) WHERE status = 'scheduled';

CREATE TABLE milestone_events (
    id               bigserial PRIMARY KEY,
    milestone_id     uuid NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    event            text NOT NULL,
    actor            uuid REFERENCES users (id),
    detail           text,
    idempotency_key  text,
    created_at       timestamptz NOT NULL,
    UNIQUE (milestone_id, idempotency_key)
);
