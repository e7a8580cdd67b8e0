import type { Migration } from './index';

/**
 * A lesson token belongs to the browser session that asked for it: it stops
 * working when that session ends (logout, ended from /account, password
 * change or reset), so a stolen session's cells do not outlive the victim's
 * logout by the token's 15 minutes. Personal tokens carry no session.
 */
export const m0104LessonTokenSession: Migration = {
  version: 104,
  name: 'lesson-token-session',
  sql: `
    ALTER TABLE api_tokens ADD COLUMN session_id TEXT;
    CREATE INDEX api_tokens_by_session ON api_tokens(session_id) WHERE session_id IS NOT NULL;
  `,
  pg: `
    ALTER TABLE api_tokens ADD COLUMN session_id TEXT;
    CREATE INDEX api_tokens_by_session ON api_tokens(session_id) WHERE session_id IS NOT NULL;
  `,
};
