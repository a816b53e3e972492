import type { Database } from 'better-sqlite3';

/**
 * Schema migrations, applied in order. The database's `user_version` pragma records how many have run,
 * so a migration is never edited once shipped: add a new entry instead.
 */
const MIGRATIONS: readonly string[] = [
  // 1: initial schema. STRICT tables so a wrongly typed bind fails loudly instead of being coerced.
  `
  CREATE TABLE sessions (
    hawk_id_hmac TEXT PRIMARY KEY,
    auth_key     TEXT NOT NULL,
    user_mac     TEXT,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_user_mac ON sessions (user_mac);
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);

  CREATE TABLE push_urls (
    user         TEXT NOT NULL,
    hawk_id_hmac TEXT NOT NULL,
    topic        TEXT NOT NULL,
    url          TEXT NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (user, hawk_id_hmac, topic)
  ) STRICT;
  CREATE INDEX push_urls_by_user_topic ON push_urls (user, topic, url);
  CREATE INDEX push_urls_by_user_url ON push_urls (user, url);
  CREATE INDEX push_urls_by_expiry ON push_urls (expires_at);

  CREATE TABLE call_urls (
    token         TEXT PRIMARY KEY,
    user          TEXT NOT NULL,
    caller_id     TEXT NOT NULL,
    issuer        TEXT NOT NULL,
    subject       TEXT,
    timestamp_sec INTEGER NOT NULL,
    expires_sec   INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX call_urls_by_user ON call_urls (user, timestamp_sec);
  CREATE INDEX call_urls_by_expiry ON call_urls (expires_sec);

  CREATE TABLE calls (
    call_id               TEXT PRIMARY KEY,
    user                  TEXT NOT NULL,
    call_type             TEXT NOT NULL,
    subject               TEXT,
    timestamp_sec         INTEGER NOT NULL,
    caller_id             TEXT NOT NULL,
    callee_friendly_name  TEXT NOT NULL,
    provider              TEXT NOT NULL,
    api_key               TEXT NOT NULL,
    session_id            TEXT NOT NULL,
    callee_token          TEXT NOT NULL,
    ws_caller_token       TEXT NOT NULL,
    ws_callee_token       TEXT NOT NULL,
    call_token            TEXT,
    url_creation_date_sec INTEGER,
    state                 TEXT NOT NULL,
    reason                TEXT,
    expires_at            INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX calls_by_user ON calls (user, timestamp_sec);
  CREATE INDEX calls_by_expiry ON calls (expires_at);

  CREATE TABLE nonces (
    key        TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX nonces_by_expiry ON nonces (expires_at);

  -- One row that ping() rewrites, proving the file is writable.
  CREATE TABLE heartbeat (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    beat TEXT NOT NULL
  ) STRICT;
  `,
  // 2: one Web Push subscription per device, beside its SimplePush URLs. `topics` is a comma-separated list.
  `
  CREATE TABLE webpush_subscriptions (
    user         TEXT NOT NULL,
    hawk_id_hmac TEXT NOT NULL,
    endpoint     TEXT NOT NULL,
    p256dh       TEXT NOT NULL,
    auth         TEXT NOT NULL,
    topics       TEXT NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (user, hawk_id_hmac)
  ) STRICT;
  CREATE INDEX webpush_subscriptions_by_user_endpoint ON webpush_subscriptions (user, endpoint);
  CREATE INDEX webpush_subscriptions_by_expiry ON webpush_subscriptions (expires_at);
  `,
  // 3: signed-in users. The sealed identity beside the session; the OAuth code-flow state of a session (gone
  // with it); and the listings of direct calls, where one call is listed for several callees.
  `
  ALTER TABLE sessions ADD COLUMN encrypted_identity TEXT;

  CREATE TABLE oauth_states (
    hawk_id_hmac           TEXT PRIMARY KEY REFERENCES sessions (hawk_id_hmac) ON DELETE CASCADE,
    state                  TEXT NOT NULL,
    code_verifier          TEXT NOT NULL,
    encrypted_access_token TEXT,
    expires_at             INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX oauth_states_by_expiry ON oauth_states (expires_at);

  CREATE TABLE call_listings (
    user       TEXT NOT NULL,
    call_id    TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (user, call_id)
  ) STRICT;
  CREATE INDEX call_listings_by_call ON call_listings (call_id);
  CREATE INDEX call_listings_by_expiry ON call_listings (expires_at);
  `,
  // 4: call progress (per-side markers, device counts, timer deadlines) and the optimistic version, so any
  // instance can continue a call and fire its deadlines after a restart.
  `
  ALTER TABLE calls ADD COLUMN version          INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE calls ADD COLUMN caller_joined    INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE calls ADD COLUMN callee_joined    INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE calls ADD COLUMN caller_media_up  INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE calls ADD COLUMN callee_media_up  INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE calls ADD COLUMN caller_devices   INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE calls ADD COLUMN callee_devices   INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE calls ADD COLUMN supervisory_at   INTEGER;
  ALTER TABLE calls ADD COLUMN ringing_at       INTEGER;
  ALTER TABLE calls ADD COLUMN connection_at    INTEGER;
  ALTER TABLE calls ADD COLUMN next_deadline_at INTEGER;
  CREATE INDEX calls_by_next_deadline ON calls (next_deadline_at) WHERE next_deadline_at IS NOT NULL;
  `,
  // 5: a provider reports on its session (LiveKit room_finished), and the call is found by that session.
  `
  CREATE INDEX calls_by_session_id ON calls (session_id);
  `,
  // 6: an anonymous session (most of them: every registration) has no user_mac; indexing its NULL cost each
  // registration one more index page written. Lookups are by \`user_mac = ?\`, which the partial index serves.
  `
  DROP INDEX sessions_by_user_mac;
  CREATE INDEX sessions_by_user_mac ON sessions (user_mac) WHERE user_mac IS NOT NULL;
  `,
  // 7: every Hawk request writes a nonce. As a rowid table a nonce was three B-tree writes (the row, the
  // key's index, the expiry index); keyed by itself (WITHOUT ROWID) it is two. Live nonces are copied over,
  // so a replay stays refused across the upgrade.
  `
  CREATE TABLE nonces_keyed (
    key        TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  INSERT INTO nonces_keyed (key, expires_at) SELECT key, expires_at FROM nonces;
  DROP TABLE nonces;
  ALTER TABLE nonces_keyed RENAME TO nonces;
  CREATE INDEX nonces_by_expiry ON nonces (expires_at);
  `,
  // 8: rooms (spec §7). A room carries its participant list's version, so a join decided on a stale list
  // (the capacity rule) is refused and decided again. Participants go with their room (ON DELETE CASCADE);
  // a deleted room leaves a marker under its owner for `GET /rooms?version=`. IF NOT EXISTS: a file
  // whose user_version was set back (as a test of migration 7 does) keeps these tables and runs this again.
  `
  CREATE TABLE IF NOT EXISTS rooms (
    room_token           TEXT PRIMARY KEY,
    user                 TEXT NOT NULL,
    room_owner           TEXT NOT NULL,
    room_name            TEXT,
    context              TEXT,
    max_size             INTEGER NOT NULL,
    expires_in_hours     INTEGER NOT NULL,
    channel              TEXT NOT NULL,
    provider             TEXT NOT NULL,
    api_key              TEXT NOT NULL,
    session_id           TEXT NOT NULL,
    creation_time_sec    INTEGER NOT NULL,
    update_time_sec      INTEGER NOT NULL,
    expires_at_sec       INTEGER NOT NULL,
    participants_version INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE INDEX IF NOT EXISTS rooms_by_user ON rooms (user, update_time_sec);
  CREATE INDEX IF NOT EXISTS rooms_by_expiry ON rooms (expires_at_sec);

  CREATE TABLE IF NOT EXISTS room_participants (
    room_token         TEXT NOT NULL REFERENCES rooms (room_token) ON DELETE CASCADE,
    participant_hmac   TEXT NOT NULL,
    room_connection_id TEXT NOT NULL,
    display_name       TEXT NOT NULL,
    client_max_size    INTEGER NOT NULL,
    user               TEXT,
    account            TEXT,
    joined_at          INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL,
    PRIMARY KEY (room_token, participant_hmac)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS room_participants_by_expiry ON room_participants (expires_at);
  CREATE INDEX IF NOT EXISTS room_participants_by_user ON room_participants (user) WHERE user IS NOT NULL;

  CREATE TABLE IF NOT EXISTS room_deletions (
    user           TEXT NOT NULL,
    room_token     TEXT NOT NULL,
    deleted_at_sec INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    PRIMARY KEY (user, room_token)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS room_deletions_by_expiry ON room_deletions (expires_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Connection settings; they are per connection (except WAL, which sticks to the file), so run on every open. */
export function applyPragmas(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // After a checkpoint the WAL is reused from its start; this only bounds the file left on disk.
  db.pragma('journal_size_limit = 67108864');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

/**
 * Brings the schema up to SCHEMA_VERSION. IMMEDIATE takes the write lock before reading the version, so
 * two servers starting on the same file cannot both run the same migration.
 */
export function migrate(db: Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `SQLite schema version ${current} is newer than this server understands (${SCHEMA_VERSION}); ` +
          'upgrade the server or point it at another file',
      );
    }
    for (let version = current; version < SCHEMA_VERSION; version++) {
      db.exec(MIGRATIONS[version] as string);
      // Pragmas take no bound parameters; the value is our own integer.
      db.pragma(`user_version = ${version + 1}`);
    }
  }).immediate();
}
