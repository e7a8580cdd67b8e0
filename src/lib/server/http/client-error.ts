import type { Duplex } from 'node:stream';

/**
 * What the server answers when Node's HTTP parser gives up on a connection
 * (the `clientError` event): a request it cannot parse, headers past the
 * 16 KiB limit, or a client too slow to send its request (headersTimeout,
 * requestTimeout). Node's own handler answers these with the right status;
 * ours keeps those statuses and closes the connection, never echoing the
 * parser's message.
 */

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
};

/** The status for a parser error code, as Node's default clientError handler picks it. */
export function clientErrorStatus(code: string | undefined): number {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}

/** Answer a connection the parser refused and close it; one whose answer has begun is only closed. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // An answer already under way (its headers sent) cannot be followed by another.
  const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (!socket.writable || answering) {
    socket.destroy();
    return;
  }
  const status = clientErrorStatus(err.code);
  const body = `${REASONS[status]}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
  );
}
