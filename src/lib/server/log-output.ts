import { createRequire } from 'node:module';

/**
 * Where log lines go: stdout, in batches. At info level the web process
 * logs often, and one write(2) per line cost more than building the line, so
 * what is logged in one turn of the event loop goes out together right after
 * it (setImmediate); warnings and errors go out at once (with everything
 * queued before them, so the order holds), and whatever is left when the
 * process exits. stdout writes to pipes and files are synchronous on Linux,
 * so a flush never interleaves with another.
 */

/** A pino destination that batches lines (see the module comment). */
export interface LineSink {
  write(line: string): void;
  /** Write out every queued line now. */
  flush(): void;
}

const MAX_QUEUED = 64 * 1024;

/** A sink writing to stdout, turning each JSON line into a short coloured one when `pretty`. */
export function stdoutSink(pretty: boolean): LineSink {
  const format = pretty ? prettifier() : null;
  let queued = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (!queued) return;
    const text = queued;
    queued = '';
    process.stdout.write(text);
  };
  return {
    write(line) {
      queued += format ? format(line) : line;
      // Lines at warn or above start with {"level":"warn" / "error" (see log.ts formatters).
      if (line.startsWith('{"level":"warn"') || line.startsWith('{"level":"error"') || queued.length >= MAX_QUEUED) return flush();
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

/**
 * pino-pretty, loaded only for a developer's terminal: production never pays
 * for it, and `npm ci --omit=dev` style installs that lack it still log (JSON).
 */
function prettifier(): ((line: string) => string) | null {
  try {
    const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
    return prettyFactory({
      colorize: true,
      translateTime: 'HH:MM:ss.l',
      ignore: 'pid,hostname,proc,reqId',
      messageFormat: '{if proc}{proc} {end}{if reqId}{reqId} {end}{msg}',
      hideObject: false,
      singleLine: false,
    });
  } catch {
    return null;
  }
}
