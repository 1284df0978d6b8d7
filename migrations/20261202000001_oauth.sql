-- Why: issue 13. Stock MCP clients sign in with OAuth 2.1 instead of a
-- pasted token: they register themselves (RFC 7591), the user allows them
-- on a consent page, and they swap a one-time code (PKCE S256) for tokens.
-- Everything lives here, so any instance answers any step.

-- Clients that registered themselves. All are public clients (PKCE, no secret).
CREATE TABLE oauth_clients (
    id             text PRIMARY KEY,
    name           text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    redirect_uris  text[] NOT NULL CHECK (cardinality(redirect_uris) BETWEEN 1 AND 10),
    created_at     timestamptz NOT NULL
);

-- One-time authorization codes, kept only as a SHA-256 hash, for minutes.
CREATE TABLE oauth_codes (
    code_hash       bytea PRIMARY KEY,
    client_id       text NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    redirect_uri    text NOT NULL,
    code_challenge  text NOT NULL,
    scopes          text[] NOT NULL,
    resource        text NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    -- The sign-in the code was swapped for (revoked if the code comes back).
    family_id       uuid REFERENCES token_families (id) ON DELETE SET NULL
);
CREATE INDEX oauth_codes_expires_idx ON oauth_codes (expires_at);

-- An app's sign-in is a token family like a password sign-in's, with the
-- client, the scopes allowed and the resource its tokens are for; its
-- refresh tokens rotate, and a reused one revokes the family.
ALTER TABLE token_families
    ADD COLUMN client_id text REFERENCES oauth_clients (id) ON DELETE CASCADE,
    ADD COLUMN scopes text[],
    ADD COLUMN resource text,
    ADD CONSTRAINT token_families_app_complete
        CHECK ((client_id IS NULL) = (scopes IS NULL) AND (client_id IS NULL) = (resource IS NULL));
CREATE INDEX token_families_apps_idx ON token_families (user_id, client_id)
    WHERE client_id IS NOT NULL AND revoked_at IS NULL;
