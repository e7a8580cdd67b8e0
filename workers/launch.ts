import { launch } from '../server/launch';

/** dist/node/worker.mjs: a worker process (workers/main.ts), with tracing first when configured. */
await launch('./worker-main.mjs', 'worker');
