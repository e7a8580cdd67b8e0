import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/lib/server/config';

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const c = parseConfig({});
    expect(c.port).toBe(4321);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.redisUrl).toBeUndefined();
    expect(c.publicOrigin).toBe('http://127.0.0.1:4321');
    expect(c.publicOriginIsHttps).toBe(false);
    expect(c.env).toBe('development');
    expect(c.trustProxy).toBe(false);
    expect(c.workers).toBe(1);
    expect(c.redisPrefix).toBe('{il}');
    expect(c.sessionIdleMs).toBe(7 * 86_400_000);
    expect(c.sessionMaxMs).toBe(30 * 86_400_000);
    expect(c.maxConnections).toBe(20_000);
  });

  it('reads every documented variable', () => {
    const c = parseConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/x',
      REDIS_URL: 'redis://10.0.0.2:6380',
      PUBLIC_ORIGIN: 'https://lab.example.com/',
      SMTP_URL: 'smtp://mail:25',
      NODE_ENV: 'production',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      WORKERS: '3',
      REDIS_PREFIX: 'lab',
      ADMIN_EMAILS: ' Admin@Example.com, ops@example.com ',
      MAX_CONNECTIONS: '500',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      redisUrl: 'redis://10.0.0.2:6380',
      publicOrigin: 'https://lab.example.com',
      publicOriginIsHttps: true,
      smtpUrl: 'smtp://mail:25',
      isProduction: true,
      trustProxy: true,
      logLevel: 'warn',
      workers: 3,
      redisPrefix: '{lab}',
      adminEmails: ['admin@example.com', 'ops@example.com'],
      maxConnections: 500,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['REDIS_URL', 'http://localhost'],
    ['PUBLIC_ORIGIN', 'lab.example.com'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['WORKERS', '-1'],
    ['SMTP_URL', 'ftp://x'],
    ['REDIS_PREFIX', 'has space'],
    ['TRUST_PROXY', 'maybe'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://db/portal'],
    ['DATABASE_URL', 'postgres://db'],
    ['DATABASE_URL', 'postgres:///portal'],
    ['DB_POOL_MAX', '0'],
    ['DB_STATEMENT_TIMEOUT_MS', 'soon'],
    ['MAX_CONNECTIONS', '0'],
    ['MAX_CONNECTIONS', '1.5'],
    ['MAX_CONNECTIONS', '1e9'],
  ])('names %s in the error for %s', (name, value) => {
    const run = () => parseConfig({ [name]: value });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`^Invalid ${name}=`));
  });

  it('never echoes a malformed DATABASE_URL, which may carry a password', () => {
    const run = () => parseConfig({ DATABASE_URL: 'mysql://admin:hunter2@db/portal' });
    expect(run).toThrow(/^Invalid DATABASE_URL=\(value hidden\): must start with postgres:\/\//);
    expect(run).not.toThrow(/hunter2/);
  });

  it('reads DATABASE_URL and the pool settings', () => {
    const c = parseConfig({ DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/portal', DB_POOL_MAX: '4' });
    expect(c.databaseUrl).toBe('postgresql://u:p@127.0.0.1:5432/portal');
    expect(c.dbPool).toEqual({ max: 4, connectTimeoutMs: 5000, statementTimeoutMs: 15_000, idleTimeoutMs: 30_000 });
    expect(parseConfig({}).databaseUrl).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ PORT: '', REDIS_URL: '' })).toMatchObject({ port: 4321, redisUrl: undefined });
  });

  it('refuses an idle timeout longer than the absolute lifetime', () => {
    expect(() => parseConfig({ SESSION_IDLE_DAYS: '40', SESSION_MAX_DAYS: '30' })).toThrow(/SESSION_IDLE_DAYS/);
  });
});
