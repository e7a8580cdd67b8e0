import { otlpEndpoint } from '../src/lib/server/config';

/**
 * Start a process: OpenTelemetry first when OTEL_EXPORTER_OTLP_ENDPOINT is
 * set (instrumentations must be in place before the process's modules
 * load), then the process's own bundle. Both are imported by computed URL,
 * so esbuild keeps them separate files: with no endpoint, no OpenTelemetry
 * code is ever loaded.
 */
export async function launch(main: string, name: string): Promise<void> {
  const endpoint = otlpEndpoint();
  if (endpoint) {
    if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
      process.stderr.write(`interview-lab: Invalid OTEL_EXPORTER_OTLP_ENDPOINT=${JSON.stringify(endpoint)}: must be an http:// or https:// URL\n`);
      process.exit(1);
    }
    const tracing = (await import(new URL('./tracing.mjs', import.meta.url).href)) as { startTracing(name: string): void };
    tracing.startTracing(name);
  }
  await import(new URL(main, import.meta.url).href);
}
