import { ConfigError, getConfig, setProcessName, type Config } from '../src/lib/server/config';
import { configureLog } from '../src/lib/server/log';

/**
 * Exit code of a process that cannot run as configured (port taken, no
 * Redis for a worker): the supervisor stops instead of restarting it.
 */
export const EXIT_CANNOT_RUN = 78;

/**
 * Start-up shared by every process: parse the configuration (exit 1 with one
 * line naming the bad variable), then set up logging for this process.
 */
export function bootProcess(name: string): Config {
  setProcessName(name);
  let config: Config;
  try {
    config = getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`interview-lab: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  configureLog({
    level: config.logLevel,
    pretty: !config.isProduction && process.stdout.isTTY === true,
    process: name,
  });
  return config;
}
