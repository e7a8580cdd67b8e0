/** The kernel's view of the portal, set by the page's `config` and `token` messages. */
export const kernelConfig = {
  origin: '',
  token: '',
  tokenExpiresAt: 0,
  lesson: '',
};

/** Resolve a URL a cell gave (relative ones are the portal's) to an absolute URL. */
export function resolvePortalUrl(input: string | URL, kind: 'http' | 'ws'): URL {
  const base = kind === 'ws' ? kernelConfig.origin.replace(/^http/, 'ws') : kernelConfig.origin;
  const url = new URL(String(input), base + '/');
  // Browsers accept http(s) URLs for WebSockets too; normalise so the origin check below holds.
  if (kind === 'ws' && (url.protocol === 'http:' || url.protocol === 'https:')) url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

/** Whether a URL is the portal's own (the only place the lesson token is ever sent). */
export function isPortalUrl(url: URL): boolean {
  const origin = new URL(kernelConfig.origin);
  return url.host === origin.host && (url.protocol === origin.protocol || url.protocol === origin.protocol.replace('http', 'ws'));
}
