-- Why: the contract after a confirmed deal (issue 17, requirements 9.1–9.3).
-- One per deal. Every change is a new version holding its structured
-- details, the documents generated from them (English, the reference, and
-- the creator's language) and the exact text both sides accept with its
-- SHA-256. An acceptance names its version; a new version has none, so
-- the contract is final when both sides accepted the same version.
CREATE TABLE contracts (
    id              uuid PRIMARY KEY,
    deal_id         uuid NOT NULL UNIQUE REFERENCES deals (id) ON DELETE CASCADE,
    latest_version  integer NOT NULL CHECK (latest_version >= 1),
    final_version   integer,
    finalized_at    timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE contract_versions (
    contract_id  uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    version      integer NOT NULL CHECK (version >= 1),
    details      jsonb NOT NULL,
    documents    jsonb NOT NULL,
    body         text NOT NULL,
    sha256       text NOT NULL,
    proposed_by  uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (contract_id, version)
);

-- The record of consent: who typed which name, from where, for which text.
CREATE TABLE contract_acceptances (
    contract_id  uuid NOT NULL,
    version      integer NOT NULL,
    party        text NOT NULL CHECK (party IN ('brand', 'creator')),
    user_id      uuid NOT NULL REFERENCES users (id),
    full_name    text NOT NULL,
    ip           text,
    user_agent   text,
    sha256       text NOT NULL,
    accepted_at  timestamptz NOT NULL,
    PRIMARY KEY (contract_id, version, party),
    FOREIGN KEY (contract_id, version) REFERENCES contract_versions (contract_id, version) ON DELETE CASCADE
);
