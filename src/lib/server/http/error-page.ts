/**
 * The plain HTML page of a refusal or failure on a page path (no layout, no
 * script), shared by the middleware, the login fast path and the outage
 * answer (database-outage.ts).
 */

/** A minimal error page for `status` saying `message` (escaped). */
export function plainErrorPage(status: number, message: string): string {
  const safe = message.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${status} · Interview Lab</title><link rel="stylesheet" href="/error.css"></head><body><main><h1>${status}</h1><p>${safe}</p><p><a href="/">Back to Interview Lab</a></p></main></body></html>`;
}
