import { getKysely } from '../db/database';
import { changed, prepareQuery, type Executor } from '../db/query';
import { authEvent, idTag } from './events';
import { isScope, type Scope } from '../../shared/scopes';
import { issueToken, parseToken, secretMatches } from './secrets';
import { JOINED_USER_COLUMNS, joinedUser, type User } from './users';
import { announceCredentialsEnded } from './revocation';

/**
 * Bearer tokens for programs: personal tokens a user makes at /account/tokens
 * and short-lived lesson tokens the lesson page hands to its code cells.
 * Stored like sessions: id plus the SHA-256 of the secret.
 */

export type TokenKind = 'personal' | 'lesson';

/** Prefix per kind, so a leaked token is recognisable (and scannable) at a glance. */
export const TOKEN_PREFIX: Record<TokenKind, string> = { personal: 'ilp_', lesson: 'ill_' };

export interface ApiToken {
  id: string;
  userId: number;
  kind: TokenKind;
  name: string;
  scopes: Scope[];
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

interface TokenRow {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  kind: TokenKind;
  name: string;
  scopes: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  /** The browser session a lesson token was minted for; null for personal tokens. */
  session_id: string | null;
}

function rowToToken(r: TokenRow): ApiToken {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    name: r.name,
    scopes: r.scopes.split(' ').filter(isScope),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

/** Create a token; the returned `token` string is shown once and never stored. `db`: the transaction it belongs to, if any. */
export async function createApiToken(
  userId: number,
  opts: { kind: TokenKind; name: string; scopes: readonly Scope[]; ttlMs: number | null; now?: number; sessionId?: string },
  db: Executor = getKysely(),
): Promise<{ token: string; record: ApiToken }> {
  const now = opts.now ?? Date.now();
  const t = issueToken(TOKEN_PREFIX[opts.kind]);
  const row: TokenRow = {
    id: t.id,
    secret_hash: t.secretHash,
    user_id: userId,
    kind: opts.kind,
    name: opts.name,
    scopes: [...new Set(opts.scopes)].join(' '),
    created_at: now,
    expires_at: opts.ttlMs === null ? null : now + opts.ttlMs,
    last_used_at: null,
    revoked_at: null,
    session_id: opts.sessionId ?? null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token: t.token, record: rowToToken(row) };
}

/** How often `last_used_at` is written back, to keep hot API paths free of writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Every API call with a token that is not cached resolves it: one query,
 * compiled once, brings the token, its user and (for a lesson token) whether
 * its browser session still exists.
 */
const tokenWithUser = prepareQuery(1, (db, id: string) =>
  db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('sessions as s', 's.id', 't.session_id')
    .selectAll('t')
    .select([...JOINED_USER_COLUMNS, 's.id as live_session'])
    .where('t.id', '=', id),
);
const touchToken = prepareQuery(2, (db, id: string, now: number) => db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id));

/** Validate a bearer token: the token record and its user, or null. A lesson token also needs its session. */
export async function validateApiToken(token: string, now = Date.now()): Promise<{ token: ApiToken; user: User } | null> {
  const kind: TokenKind | null = token.startsWith(TOKEN_PREFIX.personal) ? 'personal' : token.startsWith(TOKEN_PREFIX.lesson) ? 'lesson' : null;
  if (!kind) return null;
  const parts = parseToken(token, TOKEN_PREFIX[kind]);
  if (!parts) return null;
  const row = await tokenWithUser.first([parts.id]);
  if (!row || row.kind !== kind || !secretMatches(parts.secret, row.secret_hash)) {
    authEvent('token.rejected', { token_id: idTag(parts.id), reason: row ? 'wrong_secret' : 'unknown' });
    return null;
  }
  if (row.revoked_at !== null || (row.expires_at !== null && now >= row.expires_at)) {
    authEvent('token.rejected', { token_id: idTag(row.id), user_id: row.user_id, reason: row.revoked_at !== null ? 'revoked' : 'expired' });
    return null;
  }
  // Ended sessions are deleted (their expiry is the session's own check), so a missing one has ended.
  if (row.session_id !== null && row.live_session === null) {
    authEvent('token.rejected', { token_id: idTag(row.id), user_id: row.user_id, reason: 'session_ended' });
    return null;
  }
  const user = joinedUser(row);
  const record = rowToToken(row);
  if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_RESOLUTION_MS) {
    await touchToken.result([row.id, now]);
    record.lastUsedAt = now;
    // Logged at the same once-a-minute resolution as last_used_at, so busy cells do not flood the log.
    authEvent('token.used', { token_id: idTag(row.id), user_id: row.user_id, kind: row.kind });
  }
  return { token: record, user };
}

/** A user's personal tokens (revoked ones included, newest first). */
export async function listPersonalTokens(userId: number): Promise<ApiToken[]> {
  const rows = await getKysely()
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('kind', '=', 'personal')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(rowToToken);
}

/** Revoke one of a user's tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(userId: number, tokenId: string, now = Date.now()): Promise<boolean> {
  const result = await getKysely()
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const revoked = changed(result) === 1;
  if (revoked) announceCredentialsEnded(userId);
  return revoked;
}

/** Delete lesson tokens that have expired (they are short-lived and plentiful). */
export async function deleteExpiredLessonTokens(now = Date.now()): Promise<number> {
  return changed(await getKysely().deleteFrom('api_tokens').where('kind', '=', 'lesson').where('expires_at', '<=', now).executeTakeFirst());
}

/** How many of a user's personal tokens still work (neither revoked nor expired). */
export async function countLivePersonalTokens(userId: number, now = Date.now()): Promise<number> {
  const row = await livePersonal(getKysely(), userId, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A user's live personal tokens, as the start of a query. */
function livePersonal(db: Executor, userId: number, now: number) {
  return db
    .selectFrom('api_tokens')
    .where('user_id', '=', userId)
    .where('kind', '=', 'personal')
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
}

/**
 * Revoke every live personal token of a user (after a password change or
 * reset, on request); returns how many. Without `db` it is announced at once;
 * inside a transaction (`db`) the caller announces after the commit.
 */
export async function revokeAllPersonalTokens(userId: number, now = Date.now(), db?: Executor): Promise<number> {
  const result = await (db ?? getKysely())
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('kind', '=', 'personal')
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  const n = changed(result);
  // Like one revocation: every web process forgets cached tokens and closes sockets opened with them.
  if (n > 0 && !db) announceCredentialsEnded(userId);
  return n;
}
