import pino from 'pino';
import { earlyLogSettings } from './config';
import { redactString, safeFields, type LogFields } from './log-fields';
import { stdoutSink, type LineSink } from './log-output';
import { currentContext, runInContext } from './request-context';

/**
 * Structured logs through pino: one JSON line per event (`level`, `time`,
 * `proc`, `pid`, `reqId`, the fields, `msg`) on stdout; a short coloured
 * line (pino-pretty) instead when a developer watches a terminal outside
 * production. Secrets never go in: callers log ids, not tokens or passwords,
 * and every field (bound or per line) passes through log-fields.ts, which
 * redacts secret-named keys and credential-shaped strings at any depth, keeps
 * an error's stack and cause chain, and turns BigInt and cycles into text.
 * pino's own `redact` paths are not used: they name fixed paths, not "any depth".
 *
 * The request id comes from the request context (request-context.ts), so a
 * line written deep in src/lib carries the id of the request (or WebSocket,
 * or job) it serves.
 * The state lives on globalThis: the web process loads this module twice
 * (its own bundle and Astro's), and both copies must share one store, one
 * level and one output.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
type Threshold = LogLevel | 'silent';
export type { LogFields };

const LEVELS: readonly Threshold[] = ['debug', 'info', 'warn', 'error', 'silent'];

interface LogState {
  level: Threshold;
  pretty: boolean;
  processName: string;
  sink: LineSink;
  root: pino.Logger;
  /** Bumped by configureLog, so loggers made earlier rebuild their pino child once. */
  generation: number;
}

const STATE = Symbol.for('interview-lab.log');

function threshold(v: string | undefined): Threshold {
  return LEVELS.includes(v as Threshold) ? (v as Threshold) : 'info';
}

/** A log line's fields made safe; if even that fails, the line still goes out. */
function safeLine(obj: LogFields): LogFields {
  try {
    return safeFields(obj);
  } catch {
    return { logFieldsDropped: true };
  }
}

let isoMs = -1;
let iso = '';

/** The current time in ISO 8601; one Date per millisecond however many lines are written in it. */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    iso = new Date(ms).toISOString();
  }
  return iso;
}

function buildRoot(s: Omit<LogState, 'root' | 'generation'>): pino.Logger {
  return pino(
    {
      level: s.level,
      base: { proc: s.processName, pid: process.pid },
      timestamp: () => `,"time":"${isoNow()}"`,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => safeLine(obj),
      },
      // Messages are usually constants, but one built from a value must not carry a secret either.
      // `err` is already made safe by formatters.log (stack, cause chain): pino's own err serializer would flatten it again.
      serializers: { msg: (m: unknown) => (typeof m === 'string' ? redactString(m) : m), err: (e: unknown) => e },
      mixin: () => {
        const id = currentContext()?.requestId;
        return id ? { reqId: id } : {};
      },
    },
    s.sink,
  );
}

function createState(): LogState {
  const early = earlyLogSettings();
  const pretty = !early.production && process.stdout.isTTY === true;
  const base = {
    level: threshold(early.level),
    pretty,
    processName: early.process,
    sink: stdoutSink(pretty),
  };
  process.on('exit', () => state.sink.flush());
  return { ...base, root: buildRoot(base), generation: 0 };
}

const holder = globalThis as typeof globalThis & { [STATE]?: LogState };
const state: LogState = (holder[STATE] ??= createState());

/** Configure the logger once the config is known (level, pretty output, process name). */
export function configureLog(opts: { level?: Threshold; pretty?: boolean; process?: string }): void {
  state.sink.flush();
  if (opts.level) state.level = opts.level;
  if (opts.process) state.processName = opts.process;
  if (opts.pretty !== undefined && opts.pretty !== state.pretty) {
    state.pretty = opts.pretty;
    state.sink = stdoutSink(opts.pretty);
  }
  state.root = buildRoot(state);
  state.generation++;
}

/** Write out every queued line now. */
export function flushLog(): void {
  state.sink.flush();
}

/** Run `fn` with a request id that every log line inside it (and in what it starts) carries. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  const current = currentContext();
  // Astro's middleware names the id server/web.ts already set: nothing to change.
  if (current?.requestId === requestId) return fn();
  // A request's timing record stays with it under a new id.
  return runInContext({ requestId, timing: current?.timing }, fn);
}

/** The request id of the current async context, if any. */
export function currentRequestId(): string | undefined {
  return currentContext()?.requestId;
}

/** A logger bound to fixed fields (a module name, a job id). */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Whether a line at `level` would be written: check it before building costly fields. */
  enabled(level: LogLevel): boolean;
  child(fields: LogFields): Logger;
}

/** Create a logger whose lines all carry `bound`. */
export function createLogger(fields: LogFields = {}): Logger {
  // pino's formatters do not see a child's bindings, so they are made safe here, once.
  const bound = safeLine(fields);
  let pinoLogger: pino.Logger | null = null;
  let generation = -1;
  // Loggers are made at import time, before configureLog: the pino child is (re)built on first use after it.
  const target = (): pino.Logger => {
    if (generation !== state.generation || !pinoLogger) {
      pinoLogger = Object.keys(bound).length ? state.root.child(bound) : state.root;
      generation = state.generation;
    }
    return pinoLogger;
  };
  // A disabled level costs one comparison and pino's no-op: nothing is built.
  const at = (level: LogLevel) => (msg: string, fields?: LogFields) => target()[level](fields ?? {}, msg);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    enabled: (level) => target().isLevelEnabled(level),
    child: (more) => createLogger({ ...fields, ...more }),
  };
}

/** The root logger. */
export const log = createLogger();
