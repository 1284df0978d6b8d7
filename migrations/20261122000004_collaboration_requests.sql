-- Why: brands post collaboration requests (issue 3, seed 004 requirements
-- 3.x). A request moves active ⇄ paused → closed (the rule lives in the domain
-- crate) and carries its embedding like creator profiles do, for matching.
CREATE TABLE collaboration_requests (
    id                uuid PRIMARY KEY,
    brand_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title             text NOT NULL,
    description       text NOT NULL,
    niches            text[] NOT NULL,
    deliverables      text[] NOT NULL,
    budget_min        bigint NOT NULL CHECK (budget_min >= 0),
    budget_max        bigint NOT NULL CHECK (budget_max >= budget_min),
    budget_currency   text NOT NULL,
    target_countries  text[] NOT NULL DEFAULT '{}',
    target_languages  text[] NOT NULL DEFAULT '{}',
    deadline          date NOT NULL,
    status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'closed')),
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    embedding         vector(384),
    embedding_model   text,
    embedded_at       timestamptz,
    search            tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description)) STORED
);
CREATE INDEX collaboration_requests_brand_idx ON collaboration_requests (brand_id, created_at DESC);
CREATE INDEX collaboration_requests_embedding_idx ON collaboration_requests USING hnsw (embedding vector_cosine_ops);
CREATE INDEX collaboration_requests_search_idx ON collaboration_requests USING gin (search);
CREATE INDEX collaboration_requests_active_idx ON collaboration_requests (created_at DESC) WHERE status = 'active';
