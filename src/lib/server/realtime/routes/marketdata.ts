import type { WebSocket } from 'ws';
import { getFeed, knownSymbols, type FeedListener } from '../../marketdata/feed';
import { heartbeatMessage, initialMessage, parseFeedOptions, updateFrame } from '../../marketdata/gemini-format';
import { CLOSE_SLOW_CONSUMER, sendIfNotBackedUp } from '../send';
import type { RealtimeRoute } from '../types';

/**
 * `/ws/marketdata/<SYMBOL>`: a simulated exchange speaking Gemini's v1
 * market-data protocol. The first message is the book (reason "initial",
 * socket_sequence 0), then every book change and trade as it happens, with
 * heartbeats every 5 s when asked for. A reader that falls more than
 * MAX_BACKLOG behind is disconnected (4429) instead of queued for ever; if
 * the site's feed loses events (Redis reconnected), the socket closes with
 * 1012 so the client reconnects for a fresh book rather than go on with a
 * wrong one.
 */

/** Close code: the path names no symbol we trade. */
export const CLOSE_UNKNOWN_SYMBOL = 4404;
/** Close code: a query option is not understood. */
export const CLOSE_BAD_OPTION = 4400;
/** Close code: the feed lost events, so this socket's book would be wrong (the standard "service restart"). */
export const CLOSE_FEED_RESTARTED = 1012;
/** Unsent bytes a subscriber may have queued before it is cut off. */
export const MAX_BACKLOG = 256 * 1024;
/** The feed is read-only; a client that keeps sending is closed after this many frames. */
const MAX_CLIENT_FRAMES = 20;

function closeReason(text: string): string {
  // Close reasons are limited to 123 bytes.
  return Buffer.byteLength(text) <= 123
    ? text
    : `${Buffer.from(text)
        .subarray(0, 120)
        .toString('utf8')
        .replace(/\uFFFD$/, '')}...`;
}

/** Attach a socket to a feed with the given query options. */
function subscribe(ws: WebSocket, symbolParam: string, params: URLSearchParams): void {
  const feed = getFeed(symbolParam);
  if (!feed) {
    ws.close(CLOSE_UNKNOWN_SYMBOL, closeReason(`unknown symbol ${symbolParam.slice(0, 20)}; try ${knownSymbols().join(', ')}`));
    return;
  }
  const parsed = parseFeedOptions(params);
  if ('error' in parsed) {
    ws.close(CLOSE_BAD_OPTION, closeReason(parsed.error));
    return;
  }
  const options = parsed.options;
  let sequence = 0;
  let closed = false;

  let unsubscribe = (): void => undefined;
  const send = (text: string): void => {
    if (closed) return;
    if (!sendIfNotBackedUp(ws, text, MAX_BACKLOG)) {
      if (ws.readyState === ws.OPEN) {
        // Stop feeding it at once; the close frame waits behind its backlog.
        closed = true;
        unsubscribe();
        ws.close(CLOSE_SLOW_CONSUMER, 'slow consumer: you fell too far behind the feed; reconnect for a fresh book');
      }
      return;
    }
    sequence++;
  };

  let started = false;
  const listener: FeedListener = {
    start(book) {
      if (!started) {
        started = true;
        send(initialMessage(book, options));
        return;
      }
      closed = true;
      unsubscribe();
      ws.close(CLOSE_FEED_RESTARTED, 'the market feed was interrupted; reconnect for a fresh book');
    },
    update(u) {
      const frame = updateFrame(u, options);
      if (frame) send(frame.head + sequence + frame.tail);
    },
    heartbeat() {
      if (options.heartbeat) send(heartbeatMessage(sequence));
    },
  };
  unsubscribe = feed.subscribe(listener);
  if (closed) unsubscribe();
  let frames = 0;
  ws.on('message', () => {
    if (++frames > MAX_CLIENT_FRAMES) ws.close(1008, 'market data is read-only; send nothing');
  });
  ws.once('close', () => {
    closed = true;
    unsubscribe();
  });
}

export const marketdataRoute: RealtimeRoute = {
  auth: 'required',
  scope: 'realtime',
  params: 'some',
  maxPayload: 1024,
  maxPerUser: 8,
  onConnection(ws, ctx) {
    const symbol = ctx.params.length === 1 ? ctx.params[0]! : ctx.params.join('/');
    subscribe(ws, symbol, ctx.url.searchParams);
  },
};
