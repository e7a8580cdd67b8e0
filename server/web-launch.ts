import { launch } from './launch';

/** dist/node/web.mjs: the web process (server/web.ts), with tracing first when configured. */
await launch('./web-main.mjs', 'web');
