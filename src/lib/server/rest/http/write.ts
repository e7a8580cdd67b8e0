import { isResourceName, RESOURCES, RESOURCE_NAMES } from '../../../shared/rest/spec';
import type { ResourceName, RestItem } from '../../../shared/rest/types';
import { mergePatch, validateRecord, type FieldProblems } from '../../../shared/rest/validate';
import { readJson } from '../../http/body';
import { ApiError } from '../../http/errors';
import { createItem, deleteItem, getItem, resetItems, saveItem } from '../store';
import { etagOf, ifMatchPasses } from './conditional';
import { representation, requireItem } from './read';
import { jsonReply, type Call, type Reply } from '../../api-call';
import { REST_BASE } from './route';

/**
 * POST, PUT, PATCH and DELETE on the learner's private copy, and the reset.
 * Each write is checked completely before anything is stored (422 lists every
 * bad field), conditional on `If-Match` when the client sends one (412), and
 * stored in one statement, so a refused request changes nothing.
 */

/** Largest JSON body a write accepts. */
export const MAX_WRITE_BYTES = 16 * 1024;

function invalid(fields: FieldProblems): ApiError {
  return new ApiError(422, 'validation_failed', 'The record is not valid; see "fields".', { fields });
}

/** Problems with fields that refer to a record the learner cannot see (a todo's userId, a comment's postId). */
async function referenceProblems(viewerId: number, resource: ResourceName, candidate: unknown): Promise<FieldProblems> {
  const problems: FieldProblems = {};
  if (typeof candidate !== 'object' || candidate === null) return problems;
  for (const f of RESOURCES[resource].fields) {
    if (f.kind !== 'integer' || !f.ref) continue;
    const target = (candidate as Record<string, unknown>)[f.name];
    if (typeof target === 'number' && Number.isInteger(target) && target >= 1 && !(await getItem(viewerId, f.ref, target))) {
      problems[f.name] = `there is no ${RESOURCES[f.ref].singular} with id ${target}`;
    }
  }
  return problems;
}

/** Validate a candidate record completely (fields and references), or throw one 422 listing every problem. */
async function checkRecord(viewerId: number, resource: ResourceName, candidate: unknown, id?: number): Promise<Record<string, unknown>> {
  const checked = validateRecord(RESOURCES[resource], candidate, id === undefined ? {} : { id });
  const problems = { ...(await referenceProblems(viewerId, resource, candidate)), ...(checked.ok ? {} : checked.fields) };
  if (!checked.ok || Object.keys(problems).length) throw invalid(problems);
  return checked.value;
}

function requireMatch(call: Call, current: RestItem): void {
  if (!ifMatchPasses(call.header('if-match'), etagOf(JSON.stringify(current)))) {
    throw new ApiError(412, 'precondition_failed', 'The record changed since you read it (If-Match does not match its ETag); read it again.');
  }
}

/** POST /api/rest/<collection>: 201 with Location and the stored record. */
export async function createRecord(call: Call, viewerId: number, resource: ResourceName): Promise<Reply> {
  const body = await readJson(call.bodyRequest(), MAX_WRITE_BYTES);
  const item = await createItem(viewerId, resource, await checkRecord(viewerId, resource, body));
  return representation(call, item, {
    status: 201,
    cacheControl: 'no-store',
    headers: { location: `${REST_BASE}/${resource}/${item.id}` },
  });
}

/** PUT (replace) or PATCH (JSON merge patch) one record. */
export async function updateRecord(call: Call, viewerId: number, resource: ResourceName, id: number): Promise<Reply> {
  const current = await requireItem(viewerId, resource, id);
  requireMatch(call, current);
  const body = await readJson(call.bodyRequest(), MAX_WRITE_BYTES);
  let candidate: unknown = body;
  if (call.method === 'PATCH') {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw invalid({ '': 'a PATCH body must be a JSON object of the fields to change' });
    }
    candidate = mergePatch(current, body);
  }
  const item = await saveItem(viewerId, resource, id, await checkRecord(viewerId, resource, candidate, id));
  return representation(call, item, { cacheControl: 'no-store' });
}

/** DELETE one record: 204 (404 when a delete sent at the same time took it first). */
export async function deleteRecord(call: Call, viewerId: number, resource: ResourceName, id: number): Promise<Reply> {
  const current = await requireItem(viewerId, resource, id);
  requireMatch(call, current);
  if (!(await deleteItem(viewerId, resource, id))) throw new ApiError(404, 'not_found', `No ${RESOURCES[resource].singular} with id ${id}.`);
  return { status: 204, headers: { 'cache-control': 'no-store' }, body: null };
}

/** POST /api/rest/reset[?resource=todos]: forget the learner's changes. */
export async function resetRecords(url: URL, viewerId: number): Promise<Reply> {
  const names = [...new Set(url.searchParams.keys())];
  const unknown = names.filter((n) => n !== 'resource');
  if (unknown.length) {
    throw new ApiError(400, 'invalid_query', 'Only the "resource" parameter is understood here.', {
      fields: Object.fromEntries(unknown.map((n) => [n, 'unknown parameter'])),
    });
  }
  const wanted = url.searchParams.get('resource');
  if (wanted !== null && !isResourceName(wanted)) {
    throw new ApiError(400, 'invalid_query', 'Unknown collection.', { fields: { resource: `must be one of ${RESOURCE_NAMES.join(', ')}` } });
  }
  const removed = await resetItems(viewerId, wanted ?? undefined);
  return jsonReply({ reset: wanted ? [wanted] : RESOURCE_NAMES, removed }, 200, { 'cache-control': 'no-store' });
}
