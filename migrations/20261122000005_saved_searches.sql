-- Why: users save a search under a name and run it again (issue 3, seed 004
-- requirement 10.5). The filters are the validated `MatchFilters` as JSON.
CREATE TABLE saved_searches (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('creators', 'requests')),
    q           text NOT NULL,
    filters     jsonb NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX saved_searches_name_idx ON saved_searches (user_id, lower(name));
CREATE INDEX saved_searches_user_idx ON saved_searches (user_id, created_at DESC);
