import fs from 'node:fs';
import path from 'node:path';

/** Loading the committed crypto fixtures (tests/fixtures/crypto) and decoding their input specs. */

const DIR = path.resolve(import.meta.dirname, '../../fixtures/crypto');

/** Read one fixture file as JSON. */
export function fixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8')) as T;
}

/** How fixtures describe an input: text, hex, or a repeated hex byte pattern. */
export type InputSpec = { text: string } | { hex: string } | { repeatHex: string; count: number };

/** Materialise an input spec as bytes. */
export function inputBytes(spec: InputSpec): Uint8Array {
  if ('text' in spec) return new TextEncoder().encode(spec.text);
  if ('hex' in spec) return Uint8Array.from(Buffer.from(spec.hex, 'hex'));
  const unit = Buffer.from(spec.repeatHex, 'hex');
  const out = new Uint8Array(unit.length * spec.count);
  for (let i = 0; i < spec.count; i++) out.set(unit, i * unit.length);
  return out;
}
