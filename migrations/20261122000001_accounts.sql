-- Why: the foundation needs accounts with roles and sign-in lockout state,
-- API refresh-token families (rotation with reuse detection), browser
-- sessions shared by every server instance, and Postgres-held rate-limit
-- counters so that limits hold across instances. pgvector is enabled here so
-- that a database without it fails at the first migration, not later.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    email          text NOT NULL UNIQUE,
    password_hash  text NOT NULL,
    display_name   text NOT NULL,
    role           text NOT NULL CHECK (role IN ('brand', 'creator', 'admin')),
    failed_logins  integer NOT NULL DEFAULT 0,
    locked_until   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One family per API sign-in; every refresh token of that sign-in belongs to
-- it, and access tokens name it, so revoking the family ends them all.
CREATE TABLE token_families (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    revoked_reason  text
);
CREATE INDEX token_families_user_id_idx ON token_families (user_id);

CREATE TABLE refresh_tokens (
    token_hash  bytea PRIMARY KEY,
    family_id   uuid NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);

-- Fixed-window counters, one row per (bucket, window).
CREATE TABLE rate_limit_hits (
    bucket        text NOT NULL,
    window_start  timestamptz NOT NULL,
    hits          integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- The layout tower-sessions-sqlx-store expects; created here so that the
-- schema has one owner (the migrations) and no instance races to create it.
CREATE SCHEMA IF NOT EXISTS tower_sessions;
CREATE TABLE tower_sessions.session (
    id           text PRIMARY KEY NOT NULL,
    data         bytea NOT NULL,
    expiry_date  timestamptz NOT NULL
);
CREATE INDEX session_expiry_date_idx ON tower_sessions.session (expiry_date);

-- Secrets every instance must share (the access-token signing key when none
-- is configured), generated once by whichever instance starts first.
CREATE TABLE app_secrets (
    name        text PRIMARY KEY,
    value       bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
