import { createPrng, type Prng } from '../../../shared/prng';
import type { Comment, Post, ResourceName, RestItem, Todo, User } from '../../../shared/rest/types';
import { RESOURCES } from '../../../shared/rest/spec';
import * as W from './words';

/**
 * The shared data set: 10 users, 100 posts, 500 comments and 200 todos with
 * jsonplaceholder's shapes and relations (user n owns todos 20n-19..20n and
 * posts 10n-9..10n; post n has comments 5n-4..5n). Generated from a fixed
 * seed, so every install serves the same records; todo 1 is pinned to the
 * record the interview printed.
 */

const SEED = 20231124;

function sentence(rng: Prng, min: number, max: number): string {
  const n = rng.int(min, max);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(W.LATIN));
  return words.join(' ');
}

function paragraph(rng: Prng): string {
  const lines: string[] = [];
  const n = rng.int(3, 4);
  for (let i = 0; i < n; i++) lines.push(sentence(rng, 6, 11));
  return lines.join('\n');
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function makeUsers(rng: Prng): User[] {
  const users: User[] = [];
  for (let id = 1; id <= RESOURCES.users.baseCount; id++) {
    const given = W.GIVEN_NAMES[(id * 7) % W.GIVEN_NAMES.length]!;
    const family = W.FAMILY_NAMES[(id * 11) % W.FAMILY_NAMES.length]!;
    const domain = `${slug(rng.pick(W.LATIN))}${slug(rng.pick(W.LATIN))}.${rng.pick(W.TLDS)}`;
    const companyName = `${family} ${rng.pick(W.COMPANY_SUFFIXES)}`;
    users.push({
      id,
      name: `${given} ${family}`,
      username: `${given}.${family.slice(0, 3)}`.toLowerCase(),
      email: `${given.toLowerCase()}@${domain}`,
      address: {
        street: `${rng.pick(W.STREETS)} ${rng.pick(W.STREET_KINDS)}`,
        suite: `${rng.chance(0.5) ? 'Apt.' : 'Suite'} ${rng.int(100, 999)}`,
        city: rng.pick(W.CITIES),
        zipcode: `${rng.int(10000, 99999)}-${rng.int(1000, 9999)}`,
        geo: {
          lat: (rng.next() * 180 - 90).toFixed(4),
          lng: (rng.next() * 360 - 180).toFixed(4),
        },
      },
      phone: `+1-${rng.int(200, 989)}-${rng.int(200, 989)}-${rng.int(1000, 9999)}`,
      website: domain,
      company: {
        name: companyName,
        catchPhrase: `${rng.pick(W.BUZZ_ADJECTIVES)} ${rng.pick(W.BUZZ_ADJECTIVES)} ${rng.pick(W.BUZZ_NOUNS)}`,
        bs: `${rng.pick(W.BS_VERBS)} ${rng.pick(W.BUZZ_ADJECTIVES)} ${rng.pick(W.BS_NOUNS)}`,
      },
    });
  }
  return users;
}

function makeTodos(rng: Prng): Todo[] {
  const todos: Todo[] = [];
  for (let id = 1; id <= RESOURCES.todos.baseCount; id++) {
    todos.push({ userId: Math.ceil(id / 20), id, title: sentence(rng, 2, 7), completed: rng.chance(0.45) });
  }
  // The record the interview answer fetched from jsonplaceholder, kept exact.
  todos[0] = { userId: 1, id: 1, title: 'delectus aut autem', completed: false };
  return todos;
}

function makePosts(rng: Prng): Post[] {
  const posts: Post[] = [];
  for (let id = 1; id <= RESOURCES.posts.baseCount; id++) {
    posts.push({ userId: Math.ceil(id / 10), id, title: sentence(rng, 3, 9), body: paragraph(rng) });
  }
  return posts;
}

function makeComments(rng: Prng): Comment[] {
  const comments: Comment[] = [];
  for (let id = 1; id <= RESOURCES.comments.baseCount; id++) {
    const given = rng.pick(W.GIVEN_NAMES);
    const email = `${given}_${rng.pick(W.FAMILY_NAMES)}@${slug(rng.pick(W.LATIN))}.${rng.pick(W.TLDS)}`;
    comments.push({ postId: Math.ceil(id / 5), id, name: sentence(rng, 3, 7), email, body: paragraph(rng) });
  }
  return comments;
}

/** The shared records of every collection, ordered by id. */
export type Dataset = { readonly [R in ResourceName]: readonly RestItem[] };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

let cached: Dataset | undefined;

/** The data set (built once per process, frozen so no request can change it). */
export function dataset(): Dataset {
  if (!cached) {
    // One generator per collection so adding a field to one never reshuffles the others.
    cached = deepFreeze({
      users: makeUsers(createPrng(SEED + 1)),
      todos: makeTodos(createPrng(SEED + 2)),
      posts: makePosts(createPrng(SEED + 3)),
      comments: makeComments(createPrng(SEED + 4)),
    });
  }
  return cached;
}
