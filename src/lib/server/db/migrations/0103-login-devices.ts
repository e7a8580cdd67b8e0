import type { Migration } from './index';

/**
 * Known sign-in devices (OWASP's "device cookies"): a browser that completed
 * a sign-in gets a random token in a cookie; the database keeps its id, the
 * SHA-256 of its secret and the account it belongs to. A login from such a
 * browser is throttled by its own bucket instead of the account's, so a
 * stranger emptying the account's bucket cannot lock the owner out.
 */
export const m0103LoginDevices: Migration = {
  version: 103,
  name: 'login-devices',
  sql: `
    CREATE TABLE login_devices (
      id TEXT PRIMARY KEY,
      secret_hash BLOB NOT NULL,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      last_used_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX login_devices_by_user ON login_devices(user_id, last_used_at);
    CREATE INDEX login_devices_by_expiry ON login_devices(expires_at);
  `,
  pg: `
    CREATE TABLE login_devices (
      id TEXT PRIMARY KEY,
      secret_hash BYTEA NOT NULL,
      user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at BIGINT NOT NULL,
      last_used_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL
    );
    CREATE INDEX login_devices_by_user ON login_devices(user_id, last_used_at);
    CREATE INDEX login_devices_by_expiry ON login_devices(expires_at);
  `,
};
