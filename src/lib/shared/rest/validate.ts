import { MAX_ID, type FieldDef, type ResourceSpec } from './spec';

/**
 * Checks a record sent by a client against its collection's spec and builds
 * the stored form: fields in the canonical order, defaults filled in. Every
 * problem is reported per field (dotted paths such as `address.geo.lat`), so
 * a 422 answer tells the client everything that is wrong at once.
 */

/** Field path to message. */
export type FieldProblems = Record<string, string>;

export type Validated<T> = { ok: true; value: T } | { ok: false; fields: FieldProblems };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,63}$/;
// With the u flag, this matches only unpaired surrogates, which cannot be stored as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const SINGLE_LINE_CONTROL = /[\u0000-\u001f\u007f]/;
const MULTI_LINE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function checkString(f: Extract<FieldDef, { kind: 'string' }>, v: unknown): string | null {
  if (typeof v !== 'string') return `must be a string, not ${describe(v)}`;
  if (LONE_SURROGATE.test(v)) return 'contains text that is not valid Unicode';
  if ((f.multiline ? MULTI_LINE_CONTROL : SINGLE_LINE_CONTROL).test(v)) {
    return f.multiline ? 'must not contain control characters' : 'must be one line without control characters';
  }
  const length = [...v].length;
  if (v.trim().length === 0 && f.minLength > 0) return 'must not be empty';
  if (length < f.minLength) return `must be at least ${f.minLength} characters`;
  if (length > f.maxLength) return `must be at most ${f.maxLength} characters`;
  if (f.format === 'email' && !EMAIL.test(v)) return 'must be an email address such as name@example.com';
  if (f.pattern && !new RegExp(f.pattern).test(v)) return `must match ${f.pattern}`;
  return null;
}

function checkScalar(f: FieldDef, v: unknown): string | null {
  switch (f.kind) {
    case 'id':
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return `must be a whole number, not ${describe(v)}`;
      if (v < 1 || v > MAX_ID) return `must be between 1 and ${MAX_ID}`;
      return null;
    case 'boolean':
      return typeof v === 'boolean' ? null : `must be true or false, not ${describe(v)}`;
    case 'string':
      return checkString(f, v);
    case 'object':
      return null;
  }
}

/** Validate `input` against `fields`, writing problems under `prefix`; returns the normalised object. */
function validateFields(
  fields: readonly FieldDef[],
  input: Record<string, unknown>,
  prefix: string,
  problems: FieldProblems,
  opts: { fillDefaults: boolean; skipId: boolean },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const known = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) problems[prefix + key] = 'is not a field of this record';
  }
  for (const f of fields) {
    if (f.kind === 'id' && opts.skipId) continue;
    const path = prefix + f.name;
    const has = Object.prototype.hasOwnProperty.call(input, f.name) && input[f.name] !== undefined;
    if (!has) {
      if (f.kind === 'boolean' && f.default !== undefined && opts.fillDefaults) out[f.name] = f.default;
      else if (f.required) problems[path] = 'is required';
      continue;
    }
    const v = input[f.name];
    if (f.kind === 'object') {
      if (v === null && !f.required) continue;
      if (!isPlainObject(v)) {
        problems[path] = `must be an object, not ${describe(v)}`;
        continue;
      }
      out[f.name] = validateFields(f.fields, v, `${path}.`, problems, { fillDefaults: opts.fillDefaults, skipId: false });
      continue;
    }
    const problem = checkScalar(f, v);
    if (problem) problems[path] = problem;
    else out[f.name] = v;
  }
  return out;
}

/**
 * Validate a full record (create or replace). `id` is never taken from the
 * body: the caller decides it, and a body id that disagrees is an error.
 */
export function validateRecord(spec: ResourceSpec, input: unknown, opts: { id?: number } = {}): Validated<Record<string, unknown>> {
  if (!isPlainObject(input)) return { ok: false, fields: { '': `the body must be a JSON object, not ${describe(input)}` } };
  const problems: FieldProblems = {};
  if (Object.prototype.hasOwnProperty.call(input, 'id')) {
    if (opts.id === undefined) problems.id = 'is assigned by the server; leave it out';
    else if (input.id !== opts.id) problems.id = `must be ${opts.id} (the id in the URL) or left out`;
  }
  const { id: _ignored, ...rest } = input;
  const value = validateFields(spec.fields, rest, '', problems, { fillDefaults: true, skipId: true });
  if (Object.keys(problems).length) return { ok: false, fields: problems };
  return { ok: true, value: orderFields(spec.fields, { ...value, ...(opts.id !== undefined ? { id: opts.id } : {}) }) };
}

/** Put a record's fields in the spec's order (nested objects too), dropping unknown ones. */
export function orderFields(fields: readonly FieldDef[], record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = record[f.name];
    if (v === undefined || v === null) continue;
    out[f.name] = f.kind === 'object' && isPlainObject(v) ? orderFields(f.fields, v) : v;
  }
  return out;
}

/**
 * Apply a JSON merge patch (RFC 7396) to a record: objects merge, `null`
 * removes. The caller validates the result as a whole record afterwards.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const base: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '__proto__') continue;
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

/** Whether a value is a non-array JSON object. */
export { isPlainObject };
