import { m0001Core } from './0001-core';
import { m0100AuthCore } from './0100-auth-core';
import { m0400Notifications } from './0400-notifications';
import { m0101AuthFlows } from './0101-auth-flows';
import { m0102FormNonces } from './0102-form-nonces';
import { m0103LoginDevices } from './0103-login-devices';
import { m0104LessonTokenSession } from './0104-lesson-token-session';
import { m0200Notebook } from './0200-notebook';
import { m0201Practice } from './0201-practice';
import { m0300RestOverrides } from './0300-rest-overrides';

/**
 * One migration, written once per dialect; `version` orders them and is never
 * reused. Both texts must leave the same schema (tables, columns, types up to
 * INTEGER = BIGINT, nullability, keys, indexes): tests/integration/db-schema-parity
 * compares them. SQLite's `INTEGER PRIMARY KEY` row ids are Postgres identity columns.
 */
export interface Migration {
  version: number;
  name: string;
  /** SQLite (STRICT tables). */
  sql: string;
  /** PostgreSQL. */
  pg: string;
}

/**
 * Every migration in order. Features own version ranges so parallel work does
 * not collide: 1-99 core, 100-199 auth, 200-299 notebook, 300-399 REST,
 * 400-499 notifications.
 */
export const migrations: readonly Migration[] = [
  m0001Core,
  m0100AuthCore,
  m0101AuthFlows,
  m0102FormNonces,
  m0103LoginDevices,
  m0104LessonTokenSession,
  m0200Notebook,
  m0201Practice,
  m0300RestOverrides,
  m0400Notifications,
];
