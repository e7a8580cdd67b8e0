import { getConfig } from '../config';
import { getKysely } from '../db/database';
import { changed, prepareQuery, type Executor } from '../db/query';

/** Accounts. Passwords are handled in `password.ts`; this module only stores them. */

export type Role = 'user' | 'admin';

export interface User {
  id: number;
  email: string;
  displayName: string | null;
  role: Role;
  createdAt: number;
  passwordChangedAt: number;
  twoFactorEnabled: boolean;
}

/** Row shape of the `users` table without the password hash. */
export interface UserRow {
  id: number;
  email: string;
  display_name: string | null;
  role: Role;
  created_at: number;
  password_changed_at: number;
  totp_enabled_at: number | null;
}

/** Map a database row to a User; admins are those in ADMIN_EMAILS or stored as such. */
export function rowToUser(r: UserRow): User {
  const isAdmin = r.role === 'admin' || getConfig().adminEmails.includes(r.email.toLowerCase());
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: isAdmin ? 'admin' : 'user',
    createdAt: r.created_at,
    passwordChangedAt: r.password_changed_at,
    twoFactorEnabled: r.totp_enabled_at !== null,
  };
}

/** The user columns a lookup joins in (`users as u`), prefixed `u_` so they cannot clash with the other table's. */
export const JOINED_USER_COLUMNS = [
  'u.email as u_email',
  'u.display_name as u_display_name',
  'u.role as u_role',
  'u.created_at as u_created_at',
  'u.password_changed_at as u_password_changed_at',
  'u.totp_enabled_at as u_totp_enabled_at',
] as const;

/** A row carrying JOINED_USER_COLUMNS for the user `user_id`. */
export interface JoinedUserRow {
  user_id: number;
  u_email: string;
  u_display_name: string | null;
  u_role: Role;
  u_created_at: number;
  u_password_changed_at: number;
  u_totp_enabled_at: number | null;
}

/** The User in a row that joined JOINED_USER_COLUMNS. */
export function joinedUser(row: JoinedUserRow): User {
  return rowToUser({
    id: row.user_id,
    email: row.u_email,
    display_name: row.u_display_name,
    role: row.u_role,
    created_at: row.u_created_at,
    password_changed_at: row.u_password_changed_at,
    totp_enabled_at: row.u_totp_enabled_at,
  });
}

/** Normalise an email for storage and lookup: trimmed, lower-case, NFC. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/** Columns of a User, without the password hash. */
const USER_COLUMNS = ['id', 'email', 'display_name', 'role', 'created_at', 'password_changed_at', 'totp_enabled_at'] as const;

// Every token call and every sign-in looks a user up: compiled once.
const byId = prepareQuery(1, (db, id: number) => db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id));
const byEmail = prepareQuery(1, (db, email: string) =>
  db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('email', '=', email),
);

/** Insert a user with an already-hashed password; null when the email is taken. */
export async function insertUser(email: string, passwordHash: string, now = Date.now()): Promise<User | null> {
  const row = await getKysely()
    .insertInto('users')
    .values({ email: normalizeEmail(email), password_hash: passwordHash, created_at: now, password_changed_at: now })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(USER_COLUMNS)
    .executeTakeFirst();
  return row ? rowToUser(row) : null;
}

/** Look a user up by id. */
export async function findUserById(id: number, db?: Executor): Promise<User | null> {
  const row = await byId.first([id], db);
  return row ? rowToUser(row) : null;
}

/** Look a user up by email, with the stored password hash for verification. */
export async function findUserByEmail(email: string): Promise<(User & { passwordHash: string }) | null> {
  const row = await byEmail.first([normalizeEmail(email)]);
  return row ? { ...rowToUser(row), passwordHash: row.password_hash } : null;
}

/** The stored password hash of a user. */
export async function getPasswordHash(userId: number): Promise<string | null> {
  const row = await getKysely().selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return row?.password_hash ?? null;
}

/** Replace a user's password hash (and record when); `db` is the transaction it belongs to, if any. */
export async function setPasswordHash(userId: number, passwordHash: string, now = Date.now(), db: Executor = getKysely()): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', userId).execute();
}

/** Store a stronger hash of the same password (a rehash is not a password change). */
export async function replacePasswordHash(userId: number, passwordHash: string): Promise<void> {
  await getKysely().updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** Delete an account; its sessions, tokens and other rows go with it (ON DELETE CASCADE). */
export async function deleteUser(userId: number): Promise<boolean> {
  return changed(await getKysely().deleteFrom('users').where('id', '=', userId).executeTakeFirst()) === 1;
}
