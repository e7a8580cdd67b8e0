import type { Generated } from 'kysely';

/**
 * The portal's tables as Kysely sees them, for both dialects. Columns that
 * SQLite keeps as INTEGER are BIGINT on Postgres and come back as numbers
 * (see postgres.ts); flags are 0/1 integers on both, never booleans, so a row
 * reads the same whatever the backend. BLOBs (bytea) arrive as Buffers.
 */

/** Milliseconds since the epoch. */
type Ms = number;

export interface AppMetaTable {
  key: string;
  value: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: Ms;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string | null;
  password_hash: string;
  role: Generated<'user' | 'admin'>;
  totp_secret_enc: Uint8Array | null;
  totp_enabled_at: Ms | null;
  created_at: Ms;
  password_changed_at: Ms;
  totp_last_step: number | null;
}

export interface SessionsTable {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  created_at: Ms;
  last_seen_at: Ms;
  idle_expires_at: Ms;
  absolute_expires_at: Ms;
  ip: string | null;
  user_agent: string | null;
  two_factor_verified: Generated<number>;
}

export interface ApiTokensTable {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  kind: 'personal' | 'lesson';
  name: string;
  scopes: string;
  created_at: Ms;
  expires_at: Ms | null;
  last_used_at: Ms | null;
  revoked_at: Ms | null;
  session_id: string | null;
}

export interface PasswordResetsTable {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  created_at: Ms;
  expires_at: Ms;
  used_at: Ms | null;
}

export interface AuthThrottleTable {
  bucket: string;
  tokens: number;
  updated_at: Ms;
  full_at: Ms;
}

export interface TotpEnrolmentsTable {
  user_id: number;
  secret_enc: Uint8Array;
  created_at: Ms;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: Uint8Array;
  used_at: Ms | null;
}

export interface FormNoncesTable {
  session_id: string;
  nonce: string;
  used_at: Ms;
}

export interface LoginDevicesTable {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  created_at: Ms;
  last_used_at: Ms;
  expires_at: Ms;
}

export interface NotebookEditsTable {
  user_id: number;
  lesson: string;
  cell_id: string;
  code: string;
  base_hash: string;
  updated_at: Ms;
}

export interface LessonProgressTable {
  user_id: number;
  lesson: string;
  completed_at: Ms;
}

export interface ExerciseProgressTable {
  user_id: number;
  lesson: string;
  exercise: string;
  attempts: Generated<number>;
  passed_at: Ms | null;
  used_solution: Generated<number>;
  last_attempt_at: Ms | null;
}

export interface RestOverridesTable {
  user_id: number;
  resource: 'todos' | 'posts' | 'comments' | 'users';
  item_id: number;
  body: string | null;
  updated_at: Ms;
}

export interface NotificationMessagesTable {
  id: string;
  sender_id: number | null;
  title: string;
  body: string;
  priority: 'high' | 'normal' | 'low';
  created_at: Ms;
}

export interface InboxTable {
  seq: Generated<number>;
  id: string;
  recipient_id: number;
  message_id: string;
  enqueued_at: Ms;
  delivered_at: Ms;
  read_at: Ms | null;
}

export interface NotificationCampaignsTable {
  id: Generated<number>;
  owner_id: number;
  message_id: string;
  audience: 'users' | 'synthetic';
  total: number;
  chunk_size: number;
  chunks: number;
  failure_rate: Generated<number>;
  priority_mix: string;
  delivered: Generated<number>;
  chunks_finished: Generated<number>;
  status: Generated<'queued' | 'running' | 'done'>;
  created_at: Ms;
  started_at: Ms | null;
  finished_at: Ms | null;
}

export interface NotificationCampaignChunksTable {
  campaign_id: number;
  chunk: number;
  failed: Generated<number>;
  finished_at: Ms;
}

export interface NotificationWebhooksTable {
  user_id: number;
  url: string;
  secret: string;
  created_at: Ms;
}

/** Every table of the portal, keyed by name. */
export interface DB {
  app_meta: AppMetaTable;
  schema_migrations: SchemaMigrationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_resets: PasswordResetsTable;
  auth_throttle: AuthThrottleTable;
  totp_enrolments: TotpEnrolmentsTable;
  recovery_codes: RecoveryCodesTable;
  form_nonces: FormNoncesTable;
  login_devices: LoginDevicesTable;
  notebook_edits: NotebookEditsTable;
  lesson_progress: LessonProgressTable;
  exercise_progress: ExerciseProgressTable;
  rest_overrides: RestOverridesTable;
  notification_messages: NotificationMessagesTable;
  inbox: InboxTable;
  notification_campaigns: NotificationCampaignsTable;
  notification_campaign_chunks: NotificationCampaignChunksTable;
  notification_webhooks: NotificationWebhooksTable;
}
