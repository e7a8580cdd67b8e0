import { getConfig } from '../config';
import { getDb } from '../db/connection';
import { cachedStatement } from '../db/statements';

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

/** Normalise an email for storage and lookup: trimmed, lower-case, NFC. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/** Insert a user with an already-hashed password; null when the email is taken. */
export function insertUser(email: string, passwordHash: string, now = Date.now()): User | null {
  const normalized = normalizeEmail(email);
  const result = getDb()
    .prepare(
      `INSERT INTO users (email, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (email) DO NOTHING`,
    )
    .run(normalized, passwordHash, now, now);
  if (result.changes === 0) return null;
  return findUserById(Number(result.lastInsertRowid));
}

/** Look a user up by id. */
export function findUserById(id: number): User | null {
  const row = cachedStatement('SELECT id, email, display_name, role, created_at, password_changed_at, totp_enabled_at FROM users WHERE id = ?').get(
    id,
  ) as UserRow | undefined;
  return row ? rowToUser(row) : null;
}

/** Look a user up by email, with the stored password hash for verification. */
export function findUserByEmail(email: string): (User & { passwordHash: string }) | null {
  const row = cachedStatement(
    'SELECT id, email, display_name, role, created_at, password_changed_at, totp_enabled_at, password_hash FROM users WHERE email = ?',
  ).get(normalizeEmail(email)) as (UserRow & { password_hash: string }) | undefined;
  return row ? { ...rowToUser(row), passwordHash: row.password_hash } : null;
}

/** The stored password hash of a user. */
export function getPasswordHash(userId: number): string | null {
  const v = getDb().prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(userId);
  return typeof v === 'string' ? v : null;
}

/** Replace a user's password hash (and record when). */
export function setPasswordHash(userId: number, passwordHash: string, now = Date.now()): void {
  getDb().prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(passwordHash, now, userId);
}

/** Store a stronger hash of the same password (a rehash is not a password change). */
export function replacePasswordHash(userId: number, passwordHash: string): void {
  getDb().prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
}
