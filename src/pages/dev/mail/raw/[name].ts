import type { APIRoute } from 'astro';
import { devPagesAllowed } from '../../../../lib/server/http/access-policy';
import { readOutboxFile } from '../../../../lib/server/mail/outbox';

/** One saved mail as the raw .eml text, development only (the guard hides /dev in production and from other machines). */
export const GET: APIRoute = ({ params, locals }) => {
  if (!devPagesAllowed(locals.clientIp)) return new Response('Not found.\n', { status: 404 });
  const raw = readOutboxFile(params.name ?? '');
  if (raw === null) return new Response('No such mail.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(new Uint8Array(raw), {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      // Reset links inside must not leak through a Referer when clicked.
      'referrer-policy': 'no-referrer',
    },
  });
};
