import type { Migration } from './index';

/**
 * What the login flows need beyond the core: password-reset tokens (hashed,
 * single use), throttle buckets shared by every web process, pending TOTP
 * enrolments, recovery codes and the last TOTP step used (replay refusal).
 */
export const m0101AuthFlows: Migration = {
  version: 101,
  name: 'auth-flows',
  sql: `
    CREATE TABLE password_resets (
      id TEXT PRIMARY KEY,
      secret_hash BLOB NOT NULL,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at INTEGER
    ) STRICT;
    CREATE INDEX password_resets_by_user ON password_resets(user_id);

    CREATE TABLE auth_throttle (
      bucket TEXT PRIMARY KEY,
      tokens REAL NOT NULL,
      updated_at INTEGER NOT NULL,
      full_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX auth_throttle_by_full_at ON auth_throttle(full_at);

    CREATE TABLE totp_enrolments (
      user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      secret_enc BLOB NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE recovery_codes (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      code_hash BLOB NOT NULL,
      used_at INTEGER
    ) STRICT;
    CREATE INDEX recovery_codes_by_user ON recovery_codes(user_id);

    ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
  `,
};
