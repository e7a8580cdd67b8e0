import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/lib/server/config';

/** The auth settings in the configuration: THROTTLE_IP_FACTOR, SECRET_KEY's shape, session lifetimes. */
describe('auth configuration', () => {
  it('defaults THROTTLE_IP_FACTOR to 1 and reads it', () => {
    expect(parseConfig({}).throttleIpFactor).toBe(1);
    expect(parseConfig({ THROTTLE_IP_FACTOR: '20' }).throttleIpFactor).toBe(20);
  });

  it.each(['0', '0.5', 'lots', '5000'])('refuses THROTTLE_IP_FACTOR=%s naming the variable', (v) => {
    expect(() => parseConfig({ THROTTLE_IP_FACTOR: v })).toThrow(ConfigError);
    expect(() => parseConfig({ THROTTLE_IP_FACTOR: v })).toThrow(/THROTTLE_IP_FACTOR/);
  });

  it('accepts a 32-byte url-safe SECRET_KEY and refuses others', () => {
    expect(parseConfig({ SECRET_KEY: 'q3bLxv1Q4pJm0sN2yT8wZr6uKc5eHf7gAi9oDl3nB1M' }).secretKey).toBeDefined();
    expect(() => parseConfig({ SECRET_KEY: 'short' })).toThrow(/SECRET_KEY/);
  });
});
