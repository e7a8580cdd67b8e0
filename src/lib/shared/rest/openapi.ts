import { MAX_ID, RESOURCES, scalarFields, type ResourceSpec } from './spec';
import { components, header, jsonContent, param, rateHeaders, ref, resp, type Json } from './openapi-components';

/**
 * The OpenAPI 3.1 description of /api/rest, built from the same spec the
 * server validates with, so the document and the behaviour cannot drift (a
 * contract test replays it against the live server). Its component schemas
 * also become the TypeScript types of the notebook editor (see dts.ts).
 */

const common = { '401': resp('Unauthorized'), '403': resp('Forbidden'), '429': resp('TooManyRequests') };
const readHeaders = { ETag: header('ETag'), 'Cache-Control': header('CacheControl'), ...rateHeaders() };

function filterParams(spec: ResourceSpec, except?: string): Json[] {
  return scalarFields(spec)
    .filter((f) => f.name !== except)
    .map((f) => ({
      name: f.name,
      in: 'query',
      required: false,
      description: `Only ${spec.name} whose ${f.name} equals this; repeat the parameter to accept any of several values.`,
      schema: {
        type: 'array',
        maxItems: 20,
        items:
          f.kind === 'boolean' ? { type: 'boolean' } : f.kind === 'string' ? { type: 'string', maxLength: 200 } : { type: 'integer', minimum: 0 },
      },
      style: 'form',
      explode: true,
    }));
}

function listOperation(spec: ResourceSpec, summary: string, opId: string, except?: string): Json {
  return {
    operationId: opId,
    summary,
    parameters: [...filterParams(spec, except), param('q'), param('page'), param('limit'), param('sort'), param('order'), param('IfNoneMatch')],
    responses: {
      '200': {
        description: `The matching ${spec.name}. X-Total-Count counts all matches; Link gives first/prev/next/last pages when paging.`,
        headers: { ...readHeaders, 'X-Total-Count': header('XTotalCount'), Link: header('Link') },
        content: jsonContent({ type: 'array', items: ref(spec.typeName) }),
      },
      '304': resp('NotModified'),
      '400': resp('BadQuery'),
      ...common,
    },
  };
}

function paths(): Json {
  const out: Json = {
    '/': {
      get: {
        operationId: 'index',
        summary: 'Where everything is.',
        responses: {
          '200': { description: 'Links to the collections.', headers: readHeaders, content: jsonContent(ref('Index')) },
          '304': resp('NotModified'),
          ...common,
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document.',
        responses: {
          '200': { description: 'OpenAPI 3.1 document.', headers: readHeaders, content: jsonContent({ type: 'object' }) },
          '304': resp('NotModified'),
          ...common,
        },
      },
    },
    '/reset': {
      post: {
        operationId: 'reset',
        summary: 'Forget your changes (all collections, or one with ?resource=).',
        parameters: [{ name: 'resource', in: 'query', required: false, schema: { type: 'string', enum: Object.keys(RESOURCES) } }],
        responses: {
          '200': { description: 'What was reset.', headers: rateHeaders(), content: jsonContent(ref('ResetResult')) },
          '400': resp('BadQuery'),
          ...common,
        },
      },
    },
  };
  for (const spec of Object.values(RESOURCES)) {
    const T = spec.typeName;
    const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: MAX_ID } };
    const writeErrors = {
      '400': resp('BadBody'),
      '404': resp('NotFound'),
      '412': resp('PreconditionFailed'),
      '413': resp('TooLarge'),
      '415': resp('UnsupportedMediaType'),
      '422': resp('ValidationFailed'),
      ...common,
    };
    const one = { description: `The ${spec.singular}.`, headers: readHeaders, content: jsonContent(ref(T)) };
    out[`/${spec.name}`] = {
      get: listOperation(spec, `List ${spec.name}: filter, search, sort and page.`, `list${T}s`),
      post: {
        operationId: `create${T}`,
        summary: `Create a ${spec.singular} in your private copy.`,
        requestBody: { required: true, content: jsonContent(ref(`${T}Create`)) },
        responses: {
          '201': { description: 'Created.', headers: { ...readHeaders, Location: header('Location') }, content: jsonContent(ref(T)) },
          '400': resp('BadBody'),
          '413': resp('TooLarge'),
          '415': resp('UnsupportedMediaType'),
          '422': resp('ValidationFailed'),
          ...common,
        },
      },
    };
    out[`/${spec.name}/{id}`] = {
      parameters: [idParam],
      get: {
        operationId: `get${T}`,
        summary: `One ${spec.singular}.`,
        parameters: [param('IfNoneMatch')],
        responses: { '200': one, '304': resp('NotModified'), '404': resp('NotFound'), ...common },
      },
      put: {
        operationId: `replace${T}`,
        summary: `Replace a ${spec.singular} (every required field).`,
        parameters: [param('IfMatch')],
        requestBody: { required: true, content: jsonContent(ref(`${T}Replace`)) },
        responses: { '200': one, ...writeErrors },
      },
      patch: {
        operationId: `update${T}`,
        summary: `Change some fields of a ${spec.singular} (JSON merge patch).`,
        parameters: [param('IfMatch')],
        requestBody: { required: true, content: { ...jsonContent(ref(`${T}Patch`)), 'application/merge-patch+json': { schema: ref(`${T}Patch`) } } },
        responses: { '200': one, ...writeErrors },
      },
      delete: {
        operationId: `delete${T}`,
        summary: `Delete a ${spec.singular} from your private copy.`,
        parameters: [param('IfMatch')],
        responses: {
          '204': { description: 'Deleted.', headers: rateHeaders() },
          '404': resp('NotFound'),
          '412': resp('PreconditionFailed'),
          ...common,
        },
      },
    };
    for (const [child, rel] of Object.entries(spec.children)) {
      const childSpec = RESOURCES[rel.resource];
      const op = listOperation(childSpec, `The ${child} of one ${spec.singular}.`, `list${T}${childSpec.typeName}s`, rel.field);
      (op.responses as Json)['404'] = resp('NotFound');
      out[`/${spec.name}/{id}/${child}`] = { parameters: [idParam], get: op };
    }
  }
  return out;
}

let cached: Json | undefined;

/** The OpenAPI 3.1 document of the REST API (built once). */
export function restOpenApi(): Json {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'Interview Lab REST API',
      version: '1.0.0',
      summary: 'jsonplaceholder-compatible todos, posts, comments and users, with a private writable copy per learner.',
      description:
        'Reads come from a shared, generated data set; writes change only your own copy (reset with POST /reset). Every answer carries RateLimit headers; errors share one JSON format. A method a URL does not take gets 405 with Allow.',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/api/rest' }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths: paths(),
    components: components(),
  };
  return cached;
}
