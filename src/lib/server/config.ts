import path from 'node:path';
import { z } from 'zod';

/**
 * The one place the environment is read. Every process (web, worker,
 * supervisor, scripts) calls `loadConfig()`; a bad variable stops the process
 * with one line that names it.
 */

const port = z.coerce
  .number({ invalid_type_error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be 0..65535')
  .max(65535, 'must be 0..65535');

const origin = z
  .string()
  .url('must be an absolute URL such as https://lab.example.com')
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must start with http:// or https://')
  .transform((v) => (URL.canParse(v) ? new URL(v).origin : v));

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .url('must be a URL')
    .refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), `must use ${protocols.join(' or ')}`)
    .optional();

/**
 * DATABASE_URL: a postgres:// URL with a host and a database name. Unset means
 * the embedded SQLite file. The value is never echoed back (it may hold a password).
 */
const databaseUrl = z
  .string()
  .refine((v) => URL.canParse(v), 'must be a URL such as postgres://user:password@host:5432/portal')
  .refine((v) => URL.canParse(v) && ['postgres:', 'postgresql:'].includes(new URL(v).protocol), 'must start with postgres:// or postgresql://')
  .refine((v) => URL.canParse(v) && new URL(v).hostname !== '', 'must name a host')
  .refine((v) => URL.canParse(v) && /^\/[^/]+$/.test(new URL(v).pathname), 'must name a database (postgres://host/portal)')
  .optional();

const millis = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be ${min}..${max}`)
    .max(max, `must be ${min}..${max}`);

/** Variables whose values must not appear in an error message. */
const SECRET_VARS = new Set(['DATABASE_URL', 'SECRET_KEY', 'METRICS_TOKEN']);

const emailList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );

const schema = z.object({
  PORT: port.default(4321),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  PUBLIC_ORIGIN: origin.optional(),
  SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('')
    .transform((v) => v === '1' || v === 'true'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  WORKERS: z.coerce.number({ invalid_type_error: 'must be a number' }).int().min(0).max(64).default(1),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,40}$/, 'must be 1-40 letters, digits, ":", "_" or "-"')
    .default('il'),
  ADMIN_EMAILS: emailList,
  SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}=?$/, 'must be 32 bytes of url-safe base64 (openssl rand -base64 32 | tr "+/" "-_")')
    .optional(),
  SESSION_IDLE_DAYS: z.coerce.number({ invalid_type_error: 'must be a number' }).positive().max(365).default(7),
  SESSION_MAX_DAYS: z.coerce.number({ invalid_type_error: 'must be a number' }).positive().max(3650).default(30),
  THROTTLE_IP_FACTOR: z.coerce.number({ invalid_type_error: 'must be a number' }).min(1, 'must be at least 1').max(1000).default(1),
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,256}$/, 'must be 16-256 printable characters without spaces (openssl rand -hex 24)')
    .optional(),
  WORKER_METRICS_PORT: port.min(1, 'must be 1..65535').optional(),
  DATABASE_URL: databaseUrl,
  DB_POOL_MAX: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1..200')
    .max(200, 'must be 1..200')
    .default(10),
  DB_CONNECT_TIMEOUT_MS: millis(100, 120_000).default(5000),
  DB_STATEMENT_TIMEOUT_MS: millis(100, 3_600_000).default(15_000),
  DB_IDLE_TIMEOUT_MS: millis(1000, 3_600_000).default(30_000),
  API_RATE_LIMIT: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100_000_000)
    .default(600),
  MAX_CONNECTIONS: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1..1000000')
    .max(1_000_000, 'must be 1..1000000')
    .default(20_000),
});

type Raw = z.infer<typeof schema>;

/** Parsed, validated configuration shared by every process. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  redisUrl: string | undefined;
  /** Origin that links in mail and absolute URLs are built from; never the Host header. */
  publicOrigin: string;
  publicOriginIsHttps: boolean;
  smtpUrl: string | undefined;
  env: Raw['NODE_ENV'];
  isProduction: boolean;
  trustProxy: boolean;
  logLevel: Raw['LOG_LEVEL'];
  workers: number;
  /** Redis key prefix with a hash tag so every key of the portal lands on one Cluster slot. */
  redisPrefix: string;
  adminEmails: readonly string[];
  secretKey: string | undefined;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Multiplies the per-IP sign-in throttles (classrooms behind one NAT address, shared e2e runs). */
  throttleIpFactor: number;
  /** Requests per minute each user may make to /api/rest and to /api/graphql (each has its own budget). */
  apiRateLimitPerMinute: number;
  /** Most open connections (HTTP and WebSocket) the web process holds; one more is closed at once. */
  maxConnections: number;
  /** PostgreSQL connection URL; undefined: SQLite at `$DATA_DIR/portal.db`. */
  databaseUrl: string | undefined;
  /** Postgres pool: most connections per process, connect and idle timeouts, per-statement limit. */
  dbPool: { max: number; connectTimeoutMs: number; statementTimeoutMs: number; idleTimeoutMs: number };
  /** Bearer token that unlocks `/metrics`; unset: there is no `/metrics` at all. */
  metricsToken: string | undefined;
  /** First worker's metrics port on 127.0.0.1 (worker N listens on this + N - 1); unset: workers expose none. */
  workerMetricsPort: number | undefined;
}

/** Thrown for a bad variable; the message is the one line a user sees. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse an environment (default `process.env`) into a Config or throw ConfigError naming the variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as they do for most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const shown = SECRET_VARS.has(name) ? '(value hidden)' : JSON.stringify(env[name] ?? '');
    throw new ConfigError(`Invalid ${name}=${shown}: ${issue.message}`);
  }
  const raw = parsed.data;
  const publicOrigin = raw.PUBLIC_ORIGIN ?? `http://${raw.HOST.includes(':') ? `[${raw.HOST}]` : raw.HOST}:${raw.PORT}`;
  if (raw.SESSION_IDLE_DAYS > raw.SESSION_MAX_DAYS) {
    throw new ConfigError(`Invalid SESSION_IDLE_DAYS=${JSON.stringify(env.SESSION_IDLE_DAYS ?? '')}: must not exceed SESSION_MAX_DAYS`);
  }
  return {
    port: raw.PORT,
    host: raw.HOST,
    dataDir: path.resolve(raw.DATA_DIR),
    redisUrl: raw.REDIS_URL,
    publicOrigin,
    publicOriginIsHttps: publicOrigin.startsWith('https:'),
    smtpUrl: raw.SMTP_URL,
    env: raw.NODE_ENV,
    isProduction: raw.NODE_ENV === 'production',
    trustProxy: raw.TRUST_PROXY,
    logLevel: raw.LOG_LEVEL,
    workers: raw.WORKERS,
    redisPrefix: `{${raw.REDIS_PREFIX}}`,
    adminEmails: raw.ADMIN_EMAILS,
    secretKey: raw.SECRET_KEY,
    sessionIdleMs: raw.SESSION_IDLE_DAYS * 86_400_000,
    sessionMaxMs: raw.SESSION_MAX_DAYS * 86_400_000,
    throttleIpFactor: raw.THROTTLE_IP_FACTOR,
    apiRateLimitPerMinute: raw.API_RATE_LIMIT,
    maxConnections: raw.MAX_CONNECTIONS,
    metricsToken: raw.METRICS_TOKEN,
    databaseUrl: raw.DATABASE_URL,
    dbPool: {
      max: raw.DB_POOL_MAX,
      connectTimeoutMs: raw.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: raw.DB_STATEMENT_TIMEOUT_MS,
      idleTimeoutMs: raw.DB_IDLE_TIMEOUT_MS,
    },
    workerMetricsPort: raw.WORKER_METRICS_PORT,
  };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed once from `process.env`. */
export function getConfig(): Config {
  cached ??= parseConfig();
  return cached;
}

/**
 * With PORT=0 the OS picks the port at listen time; a default public origin
 * (no PUBLIC_ORIGIN set) must then name the real port.
 */
export function adoptListeningPort(port: number): void {
  const config = getConfig();
  if (config.port !== 0 || process.env.PUBLIC_ORIGIN) return;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  config.publicOrigin = `http://${host}:${port}`;
  process.env.PUBLIC_ORIGIN = config.publicOrigin;
}

/** Forget the cached configuration (tests that change `process.env`). */
export function resetConfigForTests(): void {
  cached = undefined;
}

/*
 * Process-level settings that are read before (or apart from) the parsed
 * Config: which process this is, the logger's defaults before the config is
 * known, the environment handed to child processes, and OpenTelemetry's own
 * variables. They live here so that this file stays the one reader of
 * `process.env` (eslint.config.js enforces it).
 */

/** This process's name (web, worker, supervisor, …), set by `setProcessName` at start-up. */
export function processName(): string {
  return process.env.IL_PROCESS ?? 'web';
}

/** Name this process; child processes inherit the name until they set their own. */
export function setProcessName(name: string): void {
  process.env.IL_PROCESS = name;
}

/** The logger's settings before the config is parsed (a bad config must still be loggable). */
export function earlyLogSettings(): { level: string | undefined; production: boolean; process: string } {
  return { level: process.env.LOG_LEVEL, production: process.env.NODE_ENV === 'production', process: processName() };
}

/** This worker's number (1-based) from IL_WORKER_INDEX; 1 when unset or not a small whole number. */
export function workerIndex(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.IL_WORKER_INDEX);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : 1;
}

/** A copy of this process's environment, to start a child process with. */
export function childEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env };
}

/** OTEL_EXPORTER_OTLP_ENDPOINT: where traces go; unset means no tracing. */
export function otlpEndpoint(): string | undefined {
  return process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
}

/**
 * Defaults for the OpenTelemetry SDK, which reads its own OTEL_* variables:
 * a service name per process, and metrics and logs off (they have /metrics
 * and our JSON logs). A variable the operator set wins.
 */
export function applyTracingDefaults(name: string): void {
  process.env.OTEL_SERVICE_NAME ??= `interview-lab-${name}`;
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
}
