import { AsyncLocalStorage } from 'node:async_hooks';
import { earlyLogSettings } from './config';
import { safeFields, type LogFields } from './log-fields';

/**
 * Structured logs: one JSON line per event (`level`, `time`, `msg`, request id
 * and fields) on stdout; a short coloured line instead when a developer is
 * watching a terminal outside production. Secrets never go in: callers log ids,
 * not tokens or passwords, and log-fields.ts redacts secret-named fields and
 * credential-shaped strings at any depth anyway. Errors carry their stack.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
type Threshold = LogLevel | 'silent';
export type { LogFields };

const order: Record<Threshold, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const requestContext = new AsyncLocalStorage<{ requestId: string }>();

const early = earlyLogSettings();
let threshold: Threshold = (early.level as Threshold | undefined) ?? 'info';
if (!(threshold in order)) threshold = 'info';
let pretty = !early.production && process.stdout.isTTY === true;
let processName = early.process;

/** Configure the logger once the config is known (level, pretty output, process name). */
export function configureLog(opts: { level?: Threshold; pretty?: boolean; process?: string }): void {
  if (opts.level) threshold = opts.level;
  if (opts.pretty !== undefined) pretty = opts.pretty;
  if (opts.process) processName = opts.process;
}

/** Run `fn` with a request id that every log line inside it carries. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestContext.run({ requestId }, fn);
}

/** The request id of the current async context, if any. */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

const colours: Record<LogLevel, string> = { debug: '\x1b[90m', info: '\x1b[36m', warn: '\x1b[33m', error: '\x1b[31m' };

/*
 * Lines are written in batches: at info level the web process logs every
 * request, and one write(2) per line cost more than building the line. What
 * is logged in one turn of the event loop goes out together right after it
 * (setImmediate), warnings and errors at once (and everything before them,
 * so the order holds), and whatever is left when the process exits.
 */
let queued = '';
let flushScheduled = false;
const MAX_QUEUED = 64 * 1024;

/** Write out every queued line now. */
export function flushLog(): void {
  flushScheduled = false;
  if (!queued) return;
  const text = queued;
  queued = '';
  process.stdout.write(text);
}
process.on('exit', flushLog);

function emit(line: string, urgent: boolean): void {
  queued += line;
  if (urgent || queued.length >= MAX_QUEUED) return flushLog();
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushLog);
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

function write(level: LogLevel, msg: string, fields: LogFields): void {
  if (order[level] < order[threshold]) return;
  const reqId = currentRequestId();
  const time = isoNow();
  const safe = safeFields(fields);
  const urgent = order[level] >= order.warn;
  if (pretty) {
    const extra = Object.keys(safe).length ? ` ${JSON.stringify(safe)}` : '';
    const id = reqId ? ` \x1b[90m${reqId}\x1b[0m` : '';
    emit(`${time.slice(11, 23)} ${colours[level]}${level.padEnd(5)}\x1b[0m ${processName}${id} ${msg}${extra}\n`, urgent);
    return;
  }
  const line = { level, time, proc: processName, pid: process.pid, ...(reqId ? { reqId } : {}), msg, ...safe };
  emit(`${JSON.stringify(line)}\n`, urgent);
}

/** A logger bound to fixed fields (a module name, a job id). */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

/** Create a logger whose lines all carry `bound`. */
export function createLogger(bound: LogFields = {}): Logger {
  const at = (level: LogLevel) => (msg: string, fields: LogFields = {}) => write(level, msg, { ...bound, ...fields });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => createLogger({ ...bound, ...fields }),
  };
}

/** The root logger. */
export const log = createLogger();
