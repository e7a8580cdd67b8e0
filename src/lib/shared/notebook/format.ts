/** Small, pure formatters for the notebook's output and network panel. */

/** "512 B", "1.5 kB", "2.3 MB". */
export function formatBytes(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** "0.4 ms", "12 ms", "1.25 s", "2 min 5 s". */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The URL as the panel shows it: path and query for the portal, the full URL elsewhere. */
export function displayUrl(url: string, portalOrigin: string): string {
  try {
    const u = new URL(url);
    const wsOrigin = portalOrigin.replace(/^http/, 'ws');
    if (u.origin === portalOrigin || u.origin === wsOrigin) return u.pathname + u.search;
    return u.href;
  } catch {
    return url;
  }
}

/** Cut text to `max` characters, saying how much was left out. */
export function clip(text: string, max: number): { text: string; cut: boolean } {
  return text.length > max ? { text: `${text.slice(0, max)}\n… (${text.length - max} more characters)`, cut: true } : { text, cut: false };
}

/** Pretty-print a body when it is JSON, else return it as is. */
export function prettyBody(body: string): string {
  const t = body.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return body;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return body;
  }
}
