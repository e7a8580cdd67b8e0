import type { Migration } from './index';

/**
 * One-time form nonces: a form that must not act twice (creating an API
 * token) carries a random nonce; its first submission records it here for the
 * session, so a reload that re-posts the same form is recognised and refused.
 * Rows go with their session, and are pruned once older than any form may be.
 */
export const m0102FormNonces: Migration = {
  version: 102,
  name: 'form-nonces',
  sql: `
    CREATE TABLE form_nonces (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      nonce TEXT NOT NULL,
      used_at INTEGER NOT NULL,
      PRIMARY KEY (session_id, nonce)
    ) STRICT;
    CREATE INDEX form_nonces_by_used_at ON form_nonces(used_at);
  `,
  pg: `
    CREATE TABLE form_nonces (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      nonce TEXT NOT NULL,
      used_at BIGINT NOT NULL,
      PRIMARY KEY (session_id, nonce)
    );
    CREATE INDEX form_nonces_by_used_at ON form_nonces(used_at);
  `,
};
