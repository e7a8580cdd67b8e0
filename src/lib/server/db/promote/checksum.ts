import { createHash } from 'node:crypto';

/**
 * A table's fingerprint for `db:promote`, computed the same way from either
 * database: every row becomes one canonical string (its columns in name
 * order, each value tagged with its kind), the string's SHA-256 is cut to 64
 * bits, and the table's checksum is the sum of those mod 2^64. A sum does not
 * depend on row order (the two databases return rows in different orders)
 * and, unlike XOR, two identical rows do not cancel out.
 */

/** How a value reads in both databases: integers exactly, floats, text, bytes, or null. */
export type ValueKind = 'integer' | 'float' | 'text' | 'bytes';

const MOD = 1n << 64n;

/** A value as its canonical text; `kind` says how a database driver's value is meant (Postgres int8 arrives as a string). */
export function canonicalValue(value: unknown, kind: ValueKind | null): string {
  if (value === null || value === undefined) return 'z';
  if (typeof value === 'bigint') return `i${value.toString()}`;
  if (value instanceof Uint8Array) return `b${Buffer.from(value).toString('hex')}`;
  if (kind === 'integer') return `i${BigInt(value as string | number).toString()}`;
  if (kind === 'float' || typeof value === 'number') return `f${Number(value).toString()}`;
  const text = String(value);
  return `s${text.length}:${text}`;
}

/** Running row count and checksum of one table. */
export class TableChecksum {
  rows = 0;
  private sum = 0n;

  /** Add one row, its values in the agreed column order. */
  add(values: readonly unknown[], kinds: readonly (ValueKind | null)[]): void {
    const canonical = values.map((v, i) => canonicalValue(v, kinds[i] ?? null)).join('|');
    const digest = createHash('sha256').update(canonical).digest();
    this.sum = (this.sum + digest.readBigUInt64BE(0)) % MOD;
    this.rows++;
  }

  /** The checksum as 16 hex digits. */
  hex(): string {
    return this.sum.toString(16).padStart(16, '0');
  }
}
