/**
 * The worker's own fetch, WebSocket, timers and console, captured before the
 * kernel replaces the globals with tracking versions. Kernel internals always
 * use these, so a cell that patches globals cannot confuse the kernel.
 */
export const natives = {
  fetch: self.fetch.bind(self),
  WebSocket: self.WebSocket,
  setTimeout: self.setTimeout.bind(self),
  clearTimeout: self.clearTimeout.bind(self),
  setInterval: self.setInterval.bind(self),
  clearInterval: self.clearInterval.bind(self),
  now: performance.now.bind(performance),
  createObjectURL: URL.createObjectURL.bind(URL),
  revokeObjectURL: URL.revokeObjectURL.bind(URL),
  importScripts: self.importScripts.bind(self) as (url: string) => void,
};
