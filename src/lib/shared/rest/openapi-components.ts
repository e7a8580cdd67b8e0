import { MAX_ID, RESOURCES, type FieldDef } from './spec';

/**
 * The reusable parts of the REST API's OpenAPI document: reference helpers,
 * the component schemas built from the resource spec, and the shared
 * responses, parameters and headers. openapi.ts assembles the paths.
 */

/** A JSON object of the document. */
export type Json = Record<string, unknown>;

/** A reference to a component schema. */
export const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
/** A reference to a shared response. */
export const resp = (name: string): Json => ({ $ref: `#/components/responses/${name}` });
/** A reference to a shared parameter. */
export const param = (name: string): Json => ({ $ref: `#/components/parameters/${name}` });
/** A reference to a shared header. */
export const header = (name: string): Json => ({ $ref: `#/components/headers/${name}` });
/** A JSON body with the given schema. */
export const jsonContent = (schema: Json) => ({ 'application/json': { schema } });

function fieldSchema(f: FieldDef, mode: 'record' | 'patch'): Json {
  switch (f.kind) {
    case 'id':
      return { type: 'integer', minimum: 1, maximum: MAX_ID, description: f.description };
    case 'integer':
      return { type: 'integer', minimum: 1, maximum: MAX_ID, description: f.description };
    case 'boolean':
      return { type: 'boolean', description: f.description, ...(f.default !== undefined ? { default: f.default } : {}) };
    case 'string':
      return {
        type: 'string',
        minLength: f.minLength,
        maxLength: f.maxLength,
        ...(f.format ? { format: f.format } : {}),
        ...(f.pattern ? { pattern: f.pattern } : {}),
        description: f.description,
        examples: [f.example],
      };
    case 'object':
      return mode === 'record' ? ref(f.typeName) : objectSchema(f.fields, 'patch', f.description);
  }
}

function objectSchema(fields: readonly FieldDef[], mode: 'record' | 'create' | 'patch', description?: string): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const f of fields) {
    if (f.kind === 'id' && mode !== 'record') continue;
    let s = fieldSchema(f, mode === 'patch' ? 'patch' : 'record');
    if (mode === 'patch' && !f.required) s = { anyOf: [s, { type: 'null' }], description: `${f.description} null removes it.` };
    properties[f.name] = s;
    // A stored record always has its required fields and those with defaults.
    const alwaysThere = f.kind === 'id' || f.required || (f.kind === 'boolean' && f.default !== undefined);
    const isRequired = mode === 'record' ? alwaysThere : mode === 'create' ? f.required : false;
    if (isRequired) required.push(f.name);
  }
  return { type: 'object', ...(description ? { description } : {}), properties, required, additionalProperties: false };
}

function nestedTypes(fields: readonly FieldDef[], out: Json): void {
  for (const f of fields) {
    if (f.kind !== 'object') continue;
    out[f.typeName] = objectSchema(f.fields, 'record', f.description);
    nestedTypes(f.fields, out);
  }
}

function schemas(): Json {
  const out: Json = {
    Error: {
      type: 'object',
      required: ['error'],
      additionalProperties: false,
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          additionalProperties: false,
          properties: {
            code: { type: 'string', description: 'Stable machine-readable code, such as not_found or validation_failed.' },
            message: { type: 'string', description: 'What went wrong, for people.' },
            fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'Problems by field (dotted paths for nested fields).' },
          },
        },
      },
    },
    ResetResult: {
      type: 'object',
      required: ['reset', 'removed'],
      additionalProperties: false,
      properties: {
        reset: { type: 'array', items: { type: 'string', enum: Object.keys(RESOURCES) } },
        removed: { type: 'integer', minimum: 0, description: 'How many of your changed records were dropped.' },
      },
    },
    Index: { type: 'object', required: ['collections', 'openapi'], properties: { collections: { type: 'object' }, openapi: { type: 'string' } } },
  };
  for (const spec of Object.values(RESOURCES)) {
    out[spec.typeName] = objectSchema(spec.fields, 'record', `A ${spec.singular}.`);
    out[`${spec.typeName}Create`] = objectSchema(spec.fields, 'create', `A new ${spec.singular}: the server assigns the id.`);
    const replace = objectSchema(spec.fields, 'create', `A whole ${spec.singular} replacing the stored one; an id, if sent, must equal the URL's.`);
    (replace.properties as Json).id = { type: 'integer', minimum: 1, maximum: MAX_ID, description: 'Must equal the id in the URL.' };
    out[`${spec.typeName}Replace`] = replace;
    out[`${spec.typeName}Patch`] = objectSchema(
      spec.fields,
      'patch',
      `A JSON merge patch (RFC 7396) of a ${spec.singular}: only the fields to change.`,
    );
    nestedTypes(spec.fields, out);
  }
  return out;
}

/** The RateLimit-* headers every answer carries. */
export function rateHeaders(): Json {
  return {
    'RateLimit-Limit': header('RateLimitLimit'),
    'RateLimit-Remaining': header('RateLimitRemaining'),
    'RateLimit-Reset': header('RateLimitReset'),
    'RateLimit-Policy': header('RateLimitPolicy'),
  };
}

/** An error answer in the API's one JSON error format. */
export function errorResponse(description: string, headers: Json = {}): Json {
  return { description, headers: { ...headers }, content: jsonContent(ref('Error')) };
}

/** The document's components: schemas, security schemes, parameters, headers, responses. */
export function components(): Json {
  return {
    schemas: schemas(),
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'A personal API token from /account/tokens, or the lesson token a notebook page hands its cells.',
      },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'session', description: "The portal's login cookie (same-origin pages only)." },
    },
    parameters: {
      q: {
        name: 'q',
        in: 'query',
        required: false,
        description: 'Case-insensitive text search in the string fields.',
        schema: { type: 'string', maxLength: 200 },
      },
      page: {
        name: '_page',
        in: 'query',
        required: false,
        description: 'Page number from 1; pages hold _limit records (10 by default).',
        schema: { type: 'integer', minimum: 1, maximum: 100000 },
      },
      limit: { name: '_limit', in: 'query', required: false, description: 'Page size.', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
      sort: {
        name: '_sort',
        in: 'query',
        required: false,
        description: 'Field(s) to sort by, comma-separated (up to 3).',
        schema: { type: 'string' },
      },
      order: {
        name: '_order',
        in: 'query',
        required: false,
        description: 'asc or desc, one for all or one per _sort field.',
        schema: { type: 'string', pattern: '^(asc|desc)(,(asc|desc)){0,2}$' },
      },
      IfNoneMatch: {
        name: 'If-None-Match',
        in: 'header',
        required: false,
        description: 'ETag(s) of a copy you hold; 304 when still current.',
        schema: { type: 'string' },
      },
      IfMatch: {
        name: 'If-Match',
        in: 'header',
        required: false,
        description: 'Only write if the record still has this ETag (else 412).',
        schema: { type: 'string' },
      },
    },
    headers: {
      ETag: { description: 'Entity tag of this representation.', schema: { type: 'string' } },
      CacheControl: { description: 'private, no-cache: store, but revalidate with If-None-Match.', schema: { type: 'string' } },
      XTotalCount: { description: 'How many records match, before paging.', schema: { type: 'integer', minimum: 0 } },
      Link: { description: 'RFC 8288 links to the first, prev, next and last pages (when paging).', schema: { type: 'string' } },
      Location: { description: 'URL of the created record.', schema: { type: 'string' } },
      Allow: { description: 'Methods this URL accepts.', schema: { type: 'string' } },
      RetryAfter: { description: 'Seconds to wait.', schema: { type: 'integer' } },
      RateLimitLimit: { description: 'Requests allowed per window.', schema: { type: 'integer' } },
      RateLimitRemaining: { description: 'Requests left in this window.', schema: { type: 'integer' } },
      RateLimitReset: { description: 'Seconds until the window resets.', schema: { type: 'integer' } },
      RateLimitPolicy: { description: 'Quota policy, e.g. 600;w=60.', schema: { type: 'string' } },
    },
    responses: {
      NotModified: { description: 'Your copy (If-None-Match) is current; no body.', headers: { ETag: header('ETag') } },
      BadQuery: errorResponse('A query parameter is unknown or has the wrong type (code invalid_query, see fields).'),
      BadBody: errorResponse('The body is empty, not JSON or not UTF-8.'),
      NotFound: errorResponse('No such record (or route).'),
      PreconditionFailed: errorResponse('If-Match did not match: the record changed since you read it.'),
      TooLarge: errorResponse('The body is larger than 16 KiB.'),
      UnsupportedMediaType: errorResponse('Send application/json (or application/merge-patch+json for PATCH).'),
      ValidationFailed: errorResponse('The record is not valid; fields says what is wrong with each field.'),
      Unauthorized: errorResponse('No valid login or token.'),
      Forbidden: errorResponse('The token lacks the rest scope, or you reached the limit of records you may create.'),
      TooManyRequests: errorResponse('Rate limit reached; wait Retry-After seconds.', { 'Retry-After': header('RetryAfter'), ...rateHeaders() }),
      MethodNotAllowed: errorResponse('This URL does not take that method; Allow lists the ones it does.', { Allow: header('Allow') }),
    },
  };
}
