import type { Migration } from './index';

/**
 * Users, browser sessions and API tokens. Sessions and tokens follow the
 * design on lucia-auth.com: a public id plus a secret whose SHA-256 alone is
 * stored, compared in constant time.
 */
export const m0100AuthCore: Migration = {
  version: 100,
  name: 'auth-core',
  sql: `
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      email TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name TEXT,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
      totp_secret_enc BLOB,
      totp_enabled_at INTEGER,
      created_at INTEGER NOT NULL,
      password_changed_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      secret_hash BLOB NOT NULL,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      idle_expires_at INTEGER NOT NULL,
      absolute_expires_at INTEGER NOT NULL,
      ip TEXT,
      user_agent TEXT,
      two_factor_verified INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX sessions_by_user ON sessions(user_id);

    CREATE TABLE api_tokens (
      id TEXT PRIMARY KEY,
      secret_hash BLOB NOT NULL,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('personal', 'lesson')),
      name TEXT NOT NULL,
      scopes TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER,
      last_used_at INTEGER,
      revoked_at INTEGER
    ) STRICT;
    CREATE INDEX api_tokens_by_user ON api_tokens(user_id);
  `,
};
