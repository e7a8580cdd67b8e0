/**
 * Messages between the lesson page and its kernel (a Web Worker inside an
 * opaque-origin sandboxed iframe). The page treats everything the kernel
 * sends as untrusted data: it is rendered as text, never as HTML.
 */
import type { InspectNode } from './inspect';
import type { TableData } from './inspect-table';

/** Log levels a cell's console writes with. */
export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** One error, with its stack mapped to cell lines where the frame is a cell. */
export interface KernelError {
  name: string;
  message: string;
  /** Line in the failing cell's own code, when the error came from it. */
  line: number | null;
  /** Readable stack frames, cell frames only: "at cell 'health' line 3", "at parse (cell 'health' line 2)". */
  frames: string[];
}

/** One item of a cell's output. */
export type OutputEntry =
  | { kind: 'log'; level: LogLevel; parts: InspectNode[] }
  | { kind: 'table'; title: string | null; table: TableData }
  | { kind: 'display'; title: string | null; value: InspectNode }
  | { kind: 'error'; error: KernelError; uncaught: boolean }
  | { kind: 'notice'; text: string };

/** A fetch the run made, as the network panel shows it. */
export interface FetchRecord {
  kind: 'fetch';
  id: number;
  method: string;
  url: string;
  status: number | null;
  statusText: string;
  ms: number | null;
  requestBytes: number;
  responseBytes: number | null;
  requestHeaders: Array<[string, string]>;
  responseHeaders: Array<[string, string]>;
  requestBody: string | null;
  responseBody: string | null;
  /** Bodies longer than the panel keeps are cut; this says so. */
  truncated: boolean;
  error: string | null;
  graphql: GraphqlOperation | null;
}

/** One WebSocket frame. */
export interface WsFrame {
  dir: 'out' | 'in';
  at: number;
  bytes: number;
  data: string;
  binary: boolean;
}

/** A WebSocket the run opened. */
export interface SocketRecord {
  kind: 'socket';
  id: number;
  url: string;
  protocol: string;
  state: 'connecting' | 'open' | 'closed' | 'error';
  openedMs: number | null;
  frames: WsFrame[];
  /** Frames not kept because the list was full. */
  droppedFrames: number;
  closeCode: number | null;
  closeReason: string;
  graphql: GraphqlOperation[];
}

/** A GraphQL operation seen in a request body or a graphql-ws subscribe message. */
export interface GraphqlOperation {
  type: 'query' | 'mutation' | 'subscription';
  name: string | null;
  variables: string | null;
}

export type NetworkRecord = FetchRecord | SocketRecord;

/** A run of an exercise's checks: which exercise, and the cell whose last run they look at. */
export interface CheckTarget {
  exercise: string;
  of: string;
}

/** Page -> kernel. */
export type ToKernel =
  | { type: 'config'; origin: string; token: string; tokenExpiresAt: number; lesson: string }
  | { type: 'token'; token: string; tokenExpiresAt: number }
  | { type: 'run'; runId: number; cellId: string; code: string; lines: number[]; declared: string[]; check?: CheckTarget }
  | { type: 'stop'; runId: number; reason: 'stopped' | 'timeout' }
  | { type: 'cancel-cell'; cellId: string };

/** Kernel -> page. */
export type FromKernel =
  | { type: 'ready' }
  | { type: 'output'; runId: number; entries: OutputEntry[] }
  | { type: 'network'; runId: number; records: NetworkRecord[] }
  | { type: 'done'; runId: number; ms: number }
  | { type: 'failed'; runId: number; ms: number; error: KernelError }
  | { type: 'stopped'; runId: number; reason: 'stopped' | 'timeout'; ms: number };
