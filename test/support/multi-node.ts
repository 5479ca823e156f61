import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect as connectTcp, type AddressInfo, type Server, type Socket as TcpSocket } from 'node:net';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { openDatabase, type Db } from '../../server/src/db/database';
import { migrate } from '../../server/src/db/migrate';
import { seedDemoStudio } from '../../server/src/seed/demo-studio';
import { openPgTestCluster, type PgTestCluster } from './pg-test-server';

// Several real server processes on one fresh PostgreSQL database, as a deployment runs them: each node is
// `node --import tsx server/src/main.ts` (the production entry, settings from the environment) on its own port,
// and a TCP balancer in front sends each new connection to the first node that is up (so a register's socket
// moves to another node when its node dies). Add multi-node cases with `onPostgresNodes`.

const STARTUP_TIMEOUT_MS = 60_000;
const LOG_LINES_KEPT = 200;

type ServerNode = {
  name: string;
  url: string;
  port: number;
  /** The node's process id (the bench reads its memory from /proc). */
  pid: number;
  /** Whether the process is running (false after kill/stop or a crash). */
  isUp: () => boolean;
  /** SIGKILL: the node dies mid-work, its sockets drop without a goodbye. */
  kill: () => Promise<void>;
  /** SIGTERM: the node closes cleanly. */
  stop: () => Promise<void>;
  /** Its last stderr lines (the server logs there), for failure messages. */
  logTail: () => string;
};

export type MultiNodeCluster = {
  nodes: ServerNode[];
  databaseUrl: string;
  /** A connection to the shared database from the test process (to count rows). */
  db: Db;
  /** The balancer's address: new connections go to the first node that is up. */
  balancerUrl: string;
  close: () => Promise<void>;
};

export type MultiNodeOptions = {
  /** Number of server processes (default 3). */
  nodes?: number;
  /** Extra environment for every node (LINK_TTL_SECONDS, ...). */
  env?: Record<string, string>;
  /** The clock the demo studio's timetable is laid out from. */
  seedNowMs?: number;
};

export type StartNodes = (options?: MultiNodeOptions) => Promise<MultiNodeCluster>;

/**
 * Runs `define` with a way to start clusters on the machine's PostgreSQL when it is reachable; otherwise skips
 * with a visible notice (and fails under CI, where PostgreSQL must be there), as `onPostgres` does.
 */
export async function onPostgresNodes(title: string, define: (startNodes: StartNodes) => void): Promise<void> {
  // Imported here, not at the top: the bench (outside vitest) uses startMultiNodeCluster from this module.
  const { afterAll, describe, it } = await import('vitest');
  const { cluster, reason } = await openPgTestCluster();
  if (!cluster) {
    if (process.env.CI) throw new Error(`PostgreSQL is required under CI: ${reason}`);
    console.warn(`\n[server tests] SKIPPED on PostgreSQL (${title}): ${reason}\n`);
    describe.skip(`${title} (PostgreSQL unreachable)`, () => it('needs PostgreSQL', () => {}));
    return;
  }
  const started: MultiNodeCluster[] = [];
  afterAll(async () => {
    for (const nodes of started) await nodes.close();
    await cluster.dispose();
  });
  define(async (options) => {
    const nodes = await startMultiNodeCluster(cluster, options);
    started.push(nodes);
    return nodes;
  });
}

/** Migrates and seeds a fresh database of `pgCluster`, then starts the nodes and the balancer on it. */
export async function startMultiNodeCluster(pgCluster: PgTestCluster, options: MultiNodeOptions = {}): Promise<MultiNodeCluster> {
  const databaseUrl = await pgCluster.emptyDatabase();
  const database = await openDatabase({ databaseUrl });
  await migrate(database.db);
  await seedDemoStudio(database.db, options.seedNowMs ?? Date.now());
  const nodes: ServerNode[] = [];
  let balancer: Server | undefined;
  const close = async () => {
    balancer?.close();
    await Promise.all(nodes.map((node) => node.stop()));
    await database.close();
  };
  try {
    const ports = await Promise.all(Array.from({ length: options.nodes ?? 3 }, () => freePort()));
    nodes.push(...(await Promise.all(ports.map((port, i) => startNode(`node ${String.fromCharCode(65 + i)}`, port, databaseUrl, options.env ?? {})))));
    balancer = await startFailoverBalancer(nodes);
    return { nodes, databaseUrl, db: database.db, balancerUrl: `http://127.0.0.1:${(balancer.address() as AddressInfo).port}`, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

async function startNode(name: string, port: number, databaseUrl: string, env: Record<string, string>): Promise<ServerNode> {
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', resolve('server/src/main.ts')], {
    cwd: resolve('.'),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATABASE_URL: databaseUrl,
      SEED: 'none',
      NOTIFY: 'outbox',
      PAYMENTS: 'sandbox',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > LOG_LINES_KEPT) lines.shift();
  };
  createInterface({ input: child.stderr! }).on('line', keep);
  let up = true;
  const exited = new Promise<void>((done) => child.once('exit', () => ((up = false), done())));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start in time:\n${lines.join('\n')}`)), STARTUP_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line);
      if (line.startsWith('listening on ')) {
        clearTimeout(timer);
        ready();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`${name} exited while starting:\n${lines.join('\n')}`));
    });
  });
  const signal = async (which: NodeJS.Signals) => {
    if (up) child.kill(which);
    await exited;
  };
  return { name, url, port, pid: child.pid!, isUp: () => up, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM'), logTail: () => lines.join('\n') };
}

/** A TCP balancer: each new connection goes to the first node that is up and accepts it; no stickiness needed. */
function startFailoverBalancer(nodes: readonly ServerNode[]): Promise<Server> {
  const server = createServer((incoming) => {
    incoming.on('error', () => {});
    const tryNode = (index: number) => {
      const node = nodes.slice(index).find((candidate) => candidate.isUp());
      if (!node) return incoming.destroy();
      const outgoing: TcpSocket = connectTcp(node.port, '127.0.0.1');
      let connected = false;
      outgoing.once('connect', () => {
        connected = true;
        incoming.pipe(outgoing).pipe(incoming);
      });
      outgoing.on('error', () => {
        if (!connected) return tryNode(nodes.indexOf(node) + 1);
        incoming.destroy();
      });
      outgoing.on('close', () => connected && incoming.destroy());
      incoming.on('close', () => outgoing.destroy());
    };
    tryNode(0);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done(server));
  });
}
