-- Why: creators keep a profile and a portfolio (issue 3). The profile carries
-- its embedding for semantic matching: 384 dimensions (multilingual-e5-small;
-- an OpenAI-compatible provider is asked for 384 too), the model that made
-- it, and when, so "still indexing" is `embedded_at IS NULL OR embedded_at <
-- updated_at` and a model change can be found and re-embedded.
CREATE TABLE creator_profiles (
    user_id          uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    bio              text NOT NULL DEFAULT '',
    niches           text[] NOT NULL DEFAULT '{}',
    country          text,
    state            text,
    city             text,
    languages        text[] NOT NULL DEFAULT '{}',
    socials          jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- Sum over socials, kept for follower-range filters.
    total_followers  bigint NOT NULL DEFAULT 0,
    engagement_rate  double precision,
    rate_min         bigint,
    rate_max         bigint,
    rate_currency    text,
    updated_at       timestamptz NOT NULL,
    embedding        vector(384),
    embedding_model  text,
    embedded_at      timestamptz,
    search           tsvector GENERATED ALWAYS AS (to_tsvector('simple', bio)) STORED,
    CHECK ((rate_min IS NULL) = (rate_max IS NULL) AND (rate_min IS NULL) = (rate_currency IS NULL))
);
CREATE INDEX creator_profiles_embedding_idx ON creator_profiles USING hnsw (embedding vector_cosine_ops);
CREATE INDEX creator_profiles_search_idx ON creator_profiles USING gin (search);
CREATE INDEX creator_profiles_niches_idx ON creator_profiles USING gin (niches);

CREATE TABLE portfolio_items (
    id            uuid PRIMARY KEY,
    creator_id    uuid NOT NULL REFERENCES creator_profiles (user_id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('text', 'image', 'video_link')),
    title         text NOT NULL,
    body          text,
    url           text,
    object_key    text,
    content_type  text,
    created_at    timestamptz NOT NULL
);
CREATE INDEX portfolio_items_creator_idx ON portfolio_items (creator_id, created_at);
