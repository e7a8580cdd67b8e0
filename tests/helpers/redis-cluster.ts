import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';

/**
 * A throwaway Redis Cluster for tests: `masters` redis-server processes in
 * cluster mode on free loopback ports (each also needs its bus port, port +
 * 10000), joined by `redis-cli --cluster create` with no replicas. Waits
 * for `cluster_state:ok` on every node instead of sleeping; `stop()` ends the
 * processes it started (by pid) and removes its directory.
 */

export interface ClusterNode {
  host: string;
  port: number;
}

export interface TestCluster {
  nodes: ClusterNode[];
  /** The node that serves `key`'s slot, as Redis itself computes and maps it. */
  ownerOf(key: string): Promise<ClusterNode>;
  /** `CLUSTER KEYSLOT key`, asked of the cluster (never computed here). */
  keySlot(key: string): Promise<number>;
  /** Keys matching `pattern` on each node, scanned node by node. */
  keysByNode(pattern: string): Promise<Map<number, string[]>>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, HOST, () => s.close(() => resolve(true)));
  });
}

async function ephemeralPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, HOST, resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** A port that is free along with its cluster bus port (port + 10000). */
async function freeClusterPort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = await ephemeralPort();
    if (port + 10000 > 65535 || taken.has(port)) continue;
    if (await canListen(port + 10000)) return port;
  }
  throw new Error('no free port pair for a cluster node');
}

async function command<T>(node: ClusterNode, run: (c: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
  const c = createClient({ socket: { host: node.host, port: node.port, connectTimeout: 2000, reconnectStrategy: false } });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await run(c);
  } finally {
    c.destroy();
  }
}

/** Poll `check` until it holds (each try is a real round trip, not a fixed sleep), failing after `ms`. */
async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Start a cluster of `masters` nodes (3 or more, as redis-cli requires). */
export async function startCluster(masters = 3): Promise<TestCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-cluster-'));
  const children: ChildProcess[] = [];
  const nodes: ClusterNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const taken = new Set<number>();
    for (let i = 0; i < masters; i++) {
      const port = await freeClusterPort(taken);
      taken.add(port);
      const nodeDir = path.join(dir, String(port));
      fs.mkdirSync(nodeDir);
      // No persistence: the data is thrown away with the directory.
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          HOST,
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          path.join(nodeDir, 'nodes.conf'),
          '--dir',
          nodeDir,
          '--daemonize',
          'no',
          '--save',
          '',
          '--appendonly',
          'no',
          '--loglevel',
          'warning',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      children.push(child);
      nodes.push({ host: HOST, port });
    }
    await Promise.all(nodes.map((n) => until(`redis-server on ${n.port}`, 10_000, async () => (await command(n, (c) => c.ping())) === 'PONG')));
    const create = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}\n${create.stderr}`);
    // Every node must agree the cluster is whole before a client can rely on its slot map.
    await Promise.all(
      nodes.map((n) =>
        until(`cluster_state:ok on ${n.port}`, 15_000, async () => {
          const info = await command(n, (c) => c.clusterInfo());
          return /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info) && new RegExp(`cluster_known_nodes:${masters}\\b`).test(info);
        }),
      ),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  const keySlot = (key: string): Promise<number> => command(nodes[0]!, (c) => c.clusterKeySlot(key));
  return {
    nodes,
    keySlot,
    async ownerOf(key) {
      const slot = await keySlot(key);
      const ranges = await command(nodes[0]!, (c) => c.clusterSlots());
      const range = ranges.find((r) => r.from <= slot && slot <= r.to);
      if (!range) throw new Error(`no node serves slot ${slot}`);
      const owner = nodes.find((n) => n.port === range.master.port);
      if (!owner) throw new Error(`slot ${slot} is served by an unknown node ${range.master.port}`);
      return owner;
    },
    async keysByNode(pattern) {
      const out = new Map<number, string[]>();
      for (const n of nodes) {
        out.set(
          n.port,
          await command(n, async (c) => {
            const keys: string[] = [];
            for await (const batch of c.scanIterator({ MATCH: pattern, COUNT: 1000 })) keys.push(...batch);
            return keys;
          }),
        );
      }
      return out;
    },
    stop,
  };
}
