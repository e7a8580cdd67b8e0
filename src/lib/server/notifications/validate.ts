import { z } from 'zod';
import { LIMITS, PRIORITIES, type Priority } from '../../shared/notifications/types';
import { ApiError, type FieldErrors } from '../http/errors';
import type { PriorityMix } from './injection';

/**
 * Validation of what clients send to the notification API. Unknown fields
 * are refused (a typo should not be silently ignored), text must be printable
 * and within limits; every problem becomes a 400 that names the field.
 */

// Lone UTF-16 surrogates survive JSON.parse but are not text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Control characters other than tab and newline have no business in a notification.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function text(max: number, opts: { multiline: boolean; required: boolean }) {
  return z
    .string({ invalid_type_error: 'must be a string', required_error: 'is required' })
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !LONE_SURROGATE.test(v), 'contains invalid characters')
    .refine((v) => !CONTROL.test(v), 'contains control characters')
    .refine((v) => opts.multiline || !/[\r\n]/.test(v), 'must be a single line')
    .refine((v) => !opts.required || v.trim().length > 0, 'must not be empty');
}

const priority = z.enum(PRIORITIES as [Priority, ...Priority[]], {
  errorMap: () => ({ message: `must be one of ${PRIORITIES.join(', ')}` }),
});

const userId = z
  .number({ invalid_type_error: 'must be "me" or a user id (a positive whole number)' })
  .int('must be a whole number')
  .positive('must be positive')
  .max(2 ** 31, 'is not a user id');

const sendSchema = z
  .object({
    recipient: z.union([z.literal('me'), userId], {
      errorMap: () => ({ message: 'must be "me" or a user id (a positive whole number)' }),
    }),
    title: text(LIMITS.titleChars, { multiline: false, required: true }),
    body: text(LIMITS.bodyChars, { multiline: true, required: false }).default(''),
    priority: priority.default('normal'),
    channels: z
      .array(z.enum(['inbox', 'webhook'], { errorMap: () => ({ message: 'must be "inbox" or "webhook"' }) }))
      .max(2, 'lists at most two channels')
      .default(['inbox']),
  })
  .strict();

const mixSchema = z
  .object({
    high: z.number().min(0, 'must be 0 or more').max(1000).default(0),
    normal: z.number().min(0, 'must be 0 or more').max(1000).default(0),
    low: z.number().min(0, 'must be 0 or more').max(1000).default(0),
  })
  .strict()
  .refine((m) => m.high + m.normal + m.low > 0, {
    message: 'Give at least one priority (high, normal or low) a weight above 0.',
    params: { sentence: true },
  });

const campaignSchema = z
  .object({
    title: text(LIMITS.titleChars, { multiline: false, required: true }).optional(),
    body: text(LIMITS.bodyChars, { multiline: true, required: false }).default(''),
    priority: priority.default('normal'),
    recipients: z
      .union([
        z.literal('all'),
        z
          .array(userId)
          .min(1, 'must name at least one user')
          .max(LIMITS.recipientsPerCampaign, `must name at most ${LIMITS.recipientsPerCampaign} users; use "all" or a load test for more`),
      ])
      .optional(),
    synthetic: z
      .object({
        count: z
          .number({ invalid_type_error: 'must be a number', required_error: 'is required' })
          .int('must be a whole number')
          .min(1, 'must be at least 1')
          .max(LIMITS.syntheticPerCampaignAdmin, `must be at most ${LIMITS.syntheticPerCampaignAdmin.toLocaleString('en')}`),
        priorityMix: mixSchema.optional(),
        failureRate: z.number({ invalid_type_error: 'must be a number' }).min(0, 'must be 0..0.9').max(0.9, 'must be 0..0.9').default(0),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.recipients === undefined) === (v.synthetic === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['recipients'], message: 'give either "recipients" or "synthetic" (a load test), not both or neither' });
    }
    if (v.recipients !== undefined && v.title === undefined) {
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'is required' });
    }
  });

/** A validated single notification. */
export interface SendInput {
  recipient: 'me' | number;
  title: string;
  body: string;
  priority: Priority;
  webhook: boolean;
}

/** A validated campaign. */
export interface CampaignInput {
  title: string;
  body: string;
  priority: Priority;
  audience: { kind: 'users'; userIds: number[] | 'all' } | { kind: 'synthetic'; count: number; mix: PriorityMix; failureRate: number };
}

function fail(error: z.ZodError): never {
  const fields: FieldErrors = {};
  let message: string | undefined;
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'body';
    if (key in fields) continue;
    fields[key] = issue.message;
    // Most messages are fragments that need their field ("title must not be empty"); one
    // written as a whole sentence for people (params.sentence) stands alone, without
    // an internal path such as "synthetic.priorityMix" in front.
    const sentence = issue.code === 'custom' && (issue.params as { sentence?: boolean } | undefined)?.sentence === true;
    message ??= sentence ? issue.message : `${key} ${issue.message}`;
  }
  throw new ApiError(400, 'invalid_request', message ?? 'The request is not valid.', { fields });
}

function objectBody(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_request', 'The body must be a JSON object.');
  }
}

/** Validate the body of `POST /api/notifications`. */
export function parseSendInput(body: unknown): SendInput {
  objectBody(body);
  const r = sendSchema.safeParse(body);
  if (!r.success) fail(r.error);
  const v = r.data;
  return { recipient: v.recipient, title: v.title.trim(), body: v.body, priority: v.priority, webhook: v.channels.includes('webhook') };
}

/** Validate the body of `POST /api/notifications/campaigns`. */
export function parseCampaignInput(body: unknown): CampaignInput {
  objectBody(body);
  const r = campaignSchema.safeParse(body);
  if (!r.success) fail(r.error);
  const v = r.data;
  if (v.synthetic) {
    const m = v.synthetic.priorityMix ?? { high: 0, normal: 1, low: 0 };
    const sum = m.high + m.normal + m.low;
    const mix = v.synthetic.priorityMix
      ? { high: m.high / sum, normal: m.normal / sum, low: m.low / sum }
      : { high: 0, normal: 0, low: 0, [v.priority]: 1 };
    return {
      title: v.title?.trim() ?? `Load test: ${v.synthetic.count.toLocaleString('en')} notifications`,
      body: v.body,
      priority: v.priority,
      audience: { kind: 'synthetic', count: v.synthetic.count, mix: mix, failureRate: v.synthetic.failureRate },
    };
  }
  const ids = v.recipients === 'all' ? 'all' : [...new Set(v.recipients)];
  return { title: v.title!.trim(), body: v.body, priority: v.priority, audience: { kind: 'users', userIds: ids } };
}

/** Validate an `Idempotency-Key` header value (printable ASCII, bounded). */
export function parseIdempotencyKey(value: string | null): string | null {
  if (value === null) return null;
  if (!/^[\x21-\x7E]{1,200}$/.test(value)) {
    throw new ApiError(
      400,
      'invalid_idempotency_key',
      `Idempotency-Key must be 1-${LIMITS.idempotencyKeyChars} printable ASCII characters without spaces.`,
    );
  }
  return value;
}

const readSchema = z
  .object({
    ids: z
      .array(z.string({ invalid_type_error: 'must be notification ids' }).min(1, 'must not be empty').max(64, 'is not a notification id'), {
        invalid_type_error: 'must be a list of notification ids',
      })
      .min(1, 'must name 1-500 notification ids')
      .max(500, 'must name 1-500 notification ids')
      .optional(),
    all: z.literal(true, { errorMap: () => ({ message: 'must be true' }) }).optional(),
  })
  .strict()
  .refine((v) => v.all === true || v.ids !== undefined, {
    message: 'Send {"ids": ["<notification id>", ...]} (1-500 ids) or {"all": true}.',
    params: { sentence: true },
    path: ['ids'],
  });

const webhookSchema = z
  .object({
    url: z
      .string({ invalid_type_error: 'must be a string', required_error: 'is required' })
      .max(LIMITS.webhookUrlChars, `must be at most ${LIMITS.webhookUrlChars} characters`),
  })
  .strict();

/** Validate the body of `POST /api/notifications/read`: which notifications to mark read. */
export function parseReadInput(body: unknown): string[] | 'all' {
  objectBody(body);
  const r = readSchema.safeParse(body);
  if (!r.success) fail(r.error);
  return r.data.all === true ? 'all' : r.data.ids!;
}

/** Validate the body of `PUT /api/notifications/webhook`; the URL itself is checked by `parseWebhookUrl`. */
export function parseWebhookInput(body: unknown): { url: string } {
  objectBody(body);
  const r = webhookSchema.safeParse(body);
  if (!r.success) fail(r.error);
  return r.data;
}
