import type { ResourceName } from './types';

/**
 * The one description of the REST collections: field types, limits, which
 * fields are required, filterable and sortable, and the nested routes. The
 * validator, the list query parser, the OpenAPI document and the editor's
 * TypeScript declarations are all derived from it, so they cannot disagree.
 */

interface Described {
  description: string;
}

/** A field's type and limits. */
export type FieldType =
  | ({ kind: 'id' } & Described)
  | ({ kind: 'integer'; ref?: ResourceName } & Described)
  | ({ kind: 'string'; minLength: number; maxLength: number; format?: 'email'; pattern?: string; multiline?: boolean; example: string } & Described)
  | ({ kind: 'boolean'; default?: boolean } & Described)
  | ({ kind: 'object'; typeName: string; fields: readonly FieldDef[] } & Described);

/** A named field of a record. `required`: must be sent on create and replace. */
export type FieldDef = FieldType & { name: string; required: boolean };

/** One collection. `fields` are in the order records are serialised. */
export interface ResourceSpec {
  name: ResourceName;
  /** "todo": used in messages. */
  singular: string;
  /** "Todo": the schema and TypeScript type name. */
  typeName: string;
  /** How many records the shared data set holds (ids 1..baseCount). */
  baseCount: number;
  fields: readonly FieldDef[];
  /** Nested routes: `/users/1/todos` lists todos whose `userId` is 1. */
  children: Readonly<Record<string, { resource: ResourceName; field: string }>>;
}

/** Largest id a client may name; keeps ids well inside SQLite and JS integers. */
export const MAX_ID = 999_999_999;
/** How many records a learner may create per collection before a reset. */
export const MAX_CREATED_PER_RESOURCE = 1000;

const id: FieldDef = { name: 'id', kind: 'id', required: false, description: 'Assigned by the server; unique within the collection.' };

const geo: FieldDef = {
  name: 'geo',
  kind: 'object',
  typeName: 'Geo',
  required: true,
  description: 'Coordinates as decimal strings.',
  fields: [
    {
      name: 'lat',
      kind: 'string',
      minLength: 1,
      maxLength: 16,
      pattern: '^-?\\d{1,3}(\\.\\d{1,8})?$',
      example: '-37.3159',
      required: true,
      description: 'Latitude.',
    },
    {
      name: 'lng',
      kind: 'string',
      minLength: 1,
      maxLength: 16,
      pattern: '^-?\\d{1,3}(\\.\\d{1,8})?$',
      example: '81.1496',
      required: true,
      description: 'Longitude.',
    },
  ],
};

const address: FieldDef = {
  name: 'address',
  kind: 'object',
  typeName: 'Address',
  required: false,
  description: 'Postal address.',
  fields: [
    { name: 'street', kind: 'string', minLength: 1, maxLength: 100, example: 'Kulas Light', required: true, description: 'Street.' },
    { name: 'suite', kind: 'string', minLength: 1, maxLength: 100, example: 'Apt. 556', required: true, description: 'Suite or apartment.' },
    { name: 'city', kind: 'string', minLength: 1, maxLength: 100, example: 'Gwenborough', required: true, description: 'City.' },
    { name: 'zipcode', kind: 'string', minLength: 1, maxLength: 20, example: '92998-3874', required: true, description: 'Postal code.' },
    geo,
  ],
};

const company: FieldDef = {
  name: 'company',
  kind: 'object',
  typeName: 'Company',
  required: false,
  description: 'Employer.',
  fields: [
    { name: 'name', kind: 'string', minLength: 1, maxLength: 100, example: 'Romaguera-Crona', required: true, description: 'Company name.' },
    {
      name: 'catchPhrase',
      kind: 'string',
      minLength: 1,
      maxLength: 200,
      example: 'Multi-layered client-server neural-net',
      required: true,
      description: 'Slogan.',
    },
    {
      name: 'bs',
      kind: 'string',
      minLength: 1,
      maxLength: 200,
      example: 'harness real-time e-markets',
      required: true,
      description: 'What it does.',
    },
  ],
};

/** Every collection by name. */
export const RESOURCES: Readonly<Record<ResourceName, ResourceSpec>> = {
  todos: {
    name: 'todos',
    singular: 'todo',
    typeName: 'Todo',
    baseCount: 200,
    fields: [
      { name: 'userId', kind: 'integer', ref: 'users', required: true, description: 'Owner: a user id.' },
      id,
      { name: 'title', kind: 'string', minLength: 1, maxLength: 200, example: 'delectus aut autem', required: true, description: 'What to do.' },
      { name: 'completed', kind: 'boolean', default: false, required: false, description: 'Done or not (false when left out on create).' },
    ],
    children: {},
  },
  posts: {
    name: 'posts',
    singular: 'post',
    typeName: 'Post',
    baseCount: 100,
    fields: [
      { name: 'userId', kind: 'integer', ref: 'users', required: true, description: 'Author: a user id.' },
      id,
      { name: 'title', kind: 'string', minLength: 1, maxLength: 200, example: 'sunt aut facere', required: true, description: 'Headline.' },
      {
        name: 'body',
        kind: 'string',
        minLength: 1,
        maxLength: 5000,
        multiline: true,
        example: 'quia et suscipit',
        required: true,
        description: 'Text; may span lines.',
      },
    ],
    children: { comments: { resource: 'comments', field: 'postId' } },
  },
  comments: {
    name: 'comments',
    singular: 'comment',
    typeName: 'Comment',
    baseCount: 500,
    fields: [
      { name: 'postId', kind: 'integer', ref: 'posts', required: true, description: 'The post commented on.' },
      id,
      { name: 'name', kind: 'string', minLength: 1, maxLength: 200, example: 'id labore ex et quam', required: true, description: 'Subject line.' },
      {
        name: 'email',
        kind: 'string',
        minLength: 3,
        maxLength: 254,
        format: 'email',
        example: 'Eliseo@gardner.biz',
        required: true,
        description: "Commenter's email.",
      },
      {
        name: 'body',
        kind: 'string',
        minLength: 1,
        maxLength: 5000,
        multiline: true,
        example: 'laudantium enim quasi',
        required: true,
        description: 'Text; may span lines.',
      },
    ],
    children: {},
  },
  users: {
    name: 'users',
    singular: 'user',
    typeName: 'User',
    baseCount: 10,
    fields: [
      id,
      { name: 'name', kind: 'string', minLength: 1, maxLength: 100, example: 'Leanne Graham', required: true, description: 'Full name.' },
      {
        name: 'username',
        kind: 'string',
        minLength: 1,
        maxLength: 50,
        pattern: '^[A-Za-z0-9._-]+$',
        example: 'Bret',
        required: true,
        description: 'Handle: letters, digits, ".", "_" or "-".',
      },
      {
        name: 'email',
        kind: 'string',
        minLength: 3,
        maxLength: 254,
        format: 'email',
        example: 'Sincere@april.biz',
        required: true,
        description: 'Email address.',
      },
      address,
      {
        name: 'phone',
        kind: 'string',
        minLength: 1,
        maxLength: 40,
        example: '1-770-736-8031 x56442',
        required: false,
        description: 'Phone number, free form.',
      },
      {
        name: 'website',
        kind: 'string',
        minLength: 1,
        maxLength: 200,
        example: 'hildegard.org',
        required: false,
        description: 'Web site host name.',
      },
      company,
    ],
    children: {
      todos: { resource: 'todos', field: 'userId' },
      posts: { resource: 'posts', field: 'userId' },
    },
  },
};

/** The collection names in a stable order. */
export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];

/** Type guard for a collection name. */
export function isResourceName(name: string): name is ResourceName {
  return Object.prototype.hasOwnProperty.call(RESOURCES, name);
}

/** Top-level scalar fields, the ones a list can be filtered and sorted by. */
export function scalarFields(spec: ResourceSpec): FieldDef[] {
  return spec.fields.filter((f) => f.kind !== 'object');
}

/** Fields searched by the `q` parameter. */
export function textFields(spec: ResourceSpec): FieldDef[] {
  return spec.fields.filter((f) => f.kind === 'string');
}
