import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { RedisInstrumentation } from '@opentelemetry/instrumentation-redis';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BullMQOtel } from 'bullmq-otel';
import { applyTracingDefaults } from '../config';
import { installTracing } from './hooks';

/**
 * OpenTelemetry for one process, built as its own bundle (dist/node/tracing.mjs)
 * and imported by the process launchers (server/launch.ts) only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, and before the process's own code, so
 * the http, redis and pg instrumentations see those modules load. The SDK
 * reads the standard OTEL_* variables (endpoint, protocol, headers,
 * sampler); metrics and logs stay with /metrics and our JSON logs.
 */

const require = createRequire(import.meta.url);

/** Start tracing for the process called `name` (web, worker). */
export function startTracing(name: string): void {
  applyTracingDefaults(name);
  // Only what the portal talks to, as three small packages rather than the
  // auto-instrumentations bundle (about 40 instrumentations we never load).
  // RedisInstrumentation covers node-redis 4 and 5 (@redis/client).
  const sdk = new NodeSDK({ instrumentations: [new HttpInstrumentation(), new RedisInstrumentation(), new PgInstrumentation()] });
  sdk.start();
  // Our code imports node:http as ESM, which require hooks never see: load it
  // once through require so the instrumentation patches the shared exports.
  require('node:http');
  require('node:https');
  installTracing({
    tracer: trace.getTracer('interview-lab'),
    bullmq: new BullMQOtel({ tracerName: 'interview-lab' }),
    shutdown: () => sdk.shutdown(),
  });
}
