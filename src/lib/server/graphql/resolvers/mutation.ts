import { RESOURCES } from '../../../shared/rest/spec';
import { validateRecord, type FieldProblems } from '../../../shared/rest/validate';
import { ApiError } from '../../http/errors';
import { createItem, deleteItem, getItem, resetItems, saveItem } from '../../rest/store';
import type { GraphQLContext } from '../context';
import { badInput, forbidden, notFound } from '../errors';

/**
 * Writes to the learner's todos, with the same validation as the REST API
 * (one spec), so a title REST refuses is refused here with the same words.
 */

const spec = RESOURCES.todos;

async function checked(candidate: Record<string, unknown>, viewerId: number, id?: number): Promise<Record<string, unknown>> {
  const result = validateRecord(spec, candidate, id === undefined ? {} : { id });
  if (!result.ok) throw badInput('The todo is not valid; see extensions.fields.', result.fields);
  const userId = result.value.userId as number;
  if (!(await getItem(viewerId, 'users', userId)))
    throw badInput('The todo is not valid; see extensions.fields.', { userId: `there is no user with id ${userId}` });
  return result.value;
}

function fromApiError(err: unknown): never {
  if (err instanceof ApiError && err.status === 403) throw forbidden(err.message);
  throw err;
}

export const Mutation = {
  createTodo: async (_: unknown, args: { input: Record<string, unknown> }, ctx: GraphQLContext) => {
    const value = await checked(args.input, ctx.viewerId);
    try {
      return await createItem(ctx.viewerId, 'todos', value);
    } catch (err) {
      return fromApiError(err);
    }
  },
  updateTodo: async (_: unknown, args: { id: number; changes: Record<string, unknown> }, ctx: GraphQLContext) => {
    const current = await getItem(ctx.viewerId, 'todos', args.id);
    if (!current) throw notFound(`No todo with id ${args.id}.`);
    const nulls: FieldProblems = {};
    for (const [k, v] of Object.entries(args.changes)) if (v === null) nulls[k] = 'cannot be null; leave it out to keep it';
    if (Object.keys(nulls).length) throw badInput('The changes are not valid; see extensions.fields.', nulls);
    const value = await checked({ ...current, ...args.changes }, ctx.viewerId, args.id);
    return saveItem(ctx.viewerId, 'todos', args.id, value);
  },
  deleteTodo: async (_: unknown, args: { id: number }, ctx: GraphQLContext) => {
    if (!(await deleteItem(ctx.viewerId, 'todos', args.id))) throw notFound(`No todo with id ${args.id}.`);
    return args.id;
  },
  resetTodos: (_: unknown, __: unknown, ctx: GraphQLContext) => resetItems(ctx.viewerId, 'todos'),
};
