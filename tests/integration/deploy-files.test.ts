import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/lib/server/config';

/**
 * The systemd units and the environment template in deploy/systemd stay in
 * step with the code: the template parses with the portal's own config schema,
 * every unit runs an entry point the build produces, and the hardening is there.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SYSTEMD = path.join(ROOT, 'deploy/systemd');
const read = (f: string) => fs.readFileSync(path.join(SYSTEMD, f), 'utf8');

/** `KEY=value` lines of an environment file (comments and blanks skipped). */
function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

describe('deploy/systemd', () => {
  it('has an environment template the config accepts once the secret is filled in, and refuses it before', () => {
    const env = parseEnvFile(read('interview-lab.env'));
    expect(() => parseConfig(env)).toThrow(/Invalid SECRET_KEY/);
    const config = parseConfig({ ...env, SECRET_KEY: 'A'.repeat(43), PORT: '4321' });
    expect(config).toMatchObject({
      isProduction: true,
      publicOriginIsHttps: true,
      trustProxy: true,
      host: '127.0.0.1',
      dataDir: '/var/lib/interview-lab',
      redisPrefix: '{il}',
    });
    // Every variable the template sets is one the README documents.
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const key of Object.keys(env)) expect(readme, key).toContain(`\`${key}\``);
  });

  it('runs built entry points, as a dedicated user, hardened, restarted on failure', () => {
    const units = fs.readdirSync(SYSTEMD).filter((f) => f.endsWith('.service'));
    expect(units.sort()).toEqual([
      'interview-lab-backup.service',
      'interview-lab-migrate.service',
      'interview-lab-web@.service',
      'interview-lab-worker@.service',
    ]);
    for (const unit of units) {
      const text = read(unit);
      const exec = /^ExecStart=\/usr\/bin\/node (\S+)/m.exec(text);
      expect(exec, unit).not.toBeNull();
      expect(fs.existsSync(path.join(ROOT, exec![1]!)), `${unit} runs ${exec![1]}, which npm run build must produce`).toBe(true);
      for (const line of [
        'User=interview-lab',
        'NoNewPrivileges=yes',
        'ProtectSystem=strict',
        'PrivateTmp=yes',
        'EnvironmentFile=/etc/interview-lab/env',
        'CapabilityBoundingSet=',
      ]) {
        expect(text, `${unit}: ${line}`).toMatch(new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
      }
    }
    for (const unit of ['interview-lab-web@.service', 'interview-lab-worker@.service']) {
      expect(read(unit)).toMatch(/^Restart=on-failure$/m);
    }
    expect(read('interview-lab-web@.service')).toMatch(/^Environment=PORT=%i$/m);
  });
});
