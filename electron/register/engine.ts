import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IpcHandlers } from '../../shared/contract/ipc';
import type { ConnectionState, PushMessage, RegisterSnapshot } from '../../shared/contract/register-view';
import { openDatabase, type OpenedDatabase } from '../../db/open-database';
import { createApiClient, type ApiClient } from './api-client';
import { initialConnectionState, nextConnectionState, type ConnectionSignal } from './connection-state';
import { SALE_COMMAND, saleCommandHandler } from './checkout';
import { systemClock, type EngineClock } from './engine-clock';
import { enrollRegister, refreshFromServer } from './enrollment';
import { applyServerEvents, coreEventHandlers, readCursor } from './event-applier';
import { createHandlers, type EngineCore } from './handlers';
import { getMeta, setMeta } from './meta-store';
import { createLinkCommands, type LinkCommands } from './link-commands';
import { createLinkSync, linkEventHandlers, type LinkSync } from './link-sync';
import { addNotice } from './notices';
import { createCatalogRefresher, type CatalogRefresher } from './catalog-refresh';
import { createOutboxSender, type OutboxSender } from './outbox';
import { standInFor } from './outbox-stand-in';
import { identitySecretStore, type SecretStore } from './secret-store';
import { createServerClock } from './server-clock';
import { buildSnapshot } from './snapshot';
import { createStaffAuth } from './staff-auth';
import { createSyncLoop, type ConnectSocket, type SyncLoop } from './sync-loop';

// The register engine (DESIGN.md sections 2 and 6): plain Node, composed from small modules with I/O passed in.
// Electron main and the browser host both use it through `handlers` and `onPush`.

export type { EngineClock } from './engine-clock';
export type { SecretStore } from './secret-store';

export type RegisterEngineOptions = {
  dataDir: string;
  /**
   * The server to talk to once enrolled, overriding the URL stored at enrollment (IT moved the service, or the
   * embedded demo server came up on another port). Unset: the URL given at enrollment.
   */
  serverUrl?: string;
  clock?: EngineClock;
  secretStore?: SecretStore;
  inactivityMs?: number;
  pollIntervalMs?: number;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** Test hook: how the Socket.IO client is made (default socket.io-client's io). */
  connectSocket?: ConnectSocket;
  /** Where db/migrations is; default: next to db/open-database.ts. A packaged app passes its copy. */
  migrationsFolder?: string;
  /** How long link.send/resend/cancel wait for the server's answer before leaving the command to the outbox. */
  linkCommandWaitMs?: number;
  /** How often the studio's date is looked at for a new-day refresh of the catalog (default one minute). */
  dayCheckMs?: number;
};

export type RegisterEngine = {
  handlers: IpcHandlers;
  onPush(listener: (message: PushMessage) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export const DATABASE_FILE = 'register.db';

export function createRegisterEngine(options: RegisterEngineOptions): RegisterEngine {
  const clock = options.clock ?? systemClock;
  const secretStore = options.secretStore ?? identitySecretStore;
  const log = options.log ?? (() => {});
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  mkdirSync(options.dataDir, { recursive: true });
  const opened: OpenedDatabase = openDatabase({
    file: join(options.dataDir, DATABASE_FILE),
    now: () => clock.now(),
    ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
  });
  if (opened.backupPath) log(`[db] backup before migrating: ${opened.backupPath}`);
  const db = opened.db;
  let savedOffset = getMeta(db, 'serverOffsetMs');
  let anchorSaved = getMeta(db, 'serverClockAnchor') !== null;
  const serverClock = createServerClock(clock, {
    rememberedWallOffset: savedOffset,
    rememberedAnchor: getMeta(db, 'serverClockAnchor'),
    onMeasured(offset, anchor) {
      // Remembered for the next start (until its first answer); rewritten only when it moved. Any anchor of the same
      // measurement series stays valid (server-clock trustedNow), so it follows the offset.
      if (stopped || (anchorSaved && savedOffset !== null && Math.abs(offset - savedOffset) < 1000)) return;
      savedOffset = offset;
      anchorSaved = true;
      setMeta(db, 'serverOffsetMs', offset);
      setMeta(db, 'serverClockAnchor', anchor);
    },
  });
  const listeners = new Set<(m: PushMessage) => void>();
  let connection: ConnectionState = initialConnectionState(clock.now());
  let started = false;
  let stopped = false;
  let pushQueued = false;

  const enrollment = () => getMeta(db, 'enrollment');
  const serverUrl = () => {
    const stored = enrollment()?.serverUrl;
    return stored ? (options.serverUrl ?? stored) : null;
  };
  const registerToken = () => {
    const e = enrollment();
    return e ? secretStore.decrypt(e.tokenEncrypted) : null;
  };
  const emit = (message: PushMessage) => {
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        log(`[engine] push listener failed: ${String(error)}`);
      }
    }
  };
  const snapshot = (): RegisterSnapshot =>
    buildSnapshot({ db, session: staffAuth.current(), connection, serverNow: serverClock.now(), now: clock.now() });
  // Several changes in one tick become one pushed snapshot.
  const changed = () => {
    if (pushQueued || stopped) return;
    pushQueued = true;
    queueMicrotask(() => {
      pushQueued = false;
      if (stopped || listeners.size === 0) return;
      emit({ type: 'snapshot', snapshot: snapshot() });
    });
  };

  const signal = (s: ConnectionSignal) => {
    const before = connection;
    connection = nextConnectionState(connection, s);
    if (connection === before) return;
    log(`[sync] connection ${before.kind} -> ${connection.kind}`);
    changed();
    // An active link's cancel made offline may reach its deadline while nothing else happens.
    if (connection.kind === 'offline') linkSync.arm();
    // The way back: send what waited while the server was out of reach, and refresh what events do not carry.
    if (before.kind === 'offline' || connection.kind === 'live') void outbox.wake();
    if (before.kind === 'offline' && connection.kind !== 'offline' && started) refreshSoon('back from offline');
  };

  const api: ApiClient = createApiClient({
    baseUrl: serverUrl,
    fetch: options.fetch ?? fetch,
    clock,
    serverClock,
    onReachability: (r) =>
      r.ok
        ? signal({ type: 'http_ok', at: clock.now() })
        : signal({ type: 'http_failed', at: clock.now(), error: r.error, retryAt: clock.now() + pollIntervalMs }),
  });

  const staffAuth = createStaffAuth({
    db,
    api,
    clock,
    secretStore,
    inactivityMs: options.inactivityMs ?? 10 * 60_000,
    registerToken,
    serverNow: () => serverClock.now(),
    // Everything waiting may go now: this person's commands, and others' that they may send as a stand-in.
    onSignedIn: () => void outbox.wake(),
    onSignedOut: (reason) => {
      if (reason === 'inactivity') addNotice(db, 'info', 'Signed out after a while without activity. Sign in with your PIN to continue.', clock.now());
      changed();
    },
  });

  const links: LinkCommands = createLinkCommands({
    db,
    clock,
    serverNow: () => serverClock.now(),
    online: () => connection.kind !== 'offline',
    drainOutbox: () => outbox.drain(),
    refreshCatalog: () => refreshCatalog(),
    sendWaitMs: options.linkCommandWaitMs ?? 10_000,
  });
  const outbox: OutboxSender = createOutboxSender({
    db,
    clock,
    transport: (request) => api.send({ ...request, timeoutMs: 15_000 }),
    tokenFor: (staffId) => staffAuth.tokenFor(staffId),
    standIn: (row) => standInFor(row, { staffAuth, clock, serverNow: () => serverClock.now(), online: () => connection.kind !== 'offline' }),
    onTokenRefused: (staffId) => staffAuth.tokenRefused(staffId),
    handlers: { [SALE_COMMAND]: saleCommandHandler, ...links.outboxHandlers },
    onChange: changed,
    log,
  });

  const eventHandlers = { ...coreEventHandlers, ...linkEventHandlers(() => serverClock.now()) };
  const linkSync: LinkSync = createLinkSync({
    db,
    api,
    clock,
    serverNow: () => serverClock.now(),
    trustedServerNow: () => serverClock.trustedNow(),
    offline: () => connection.kind === 'offline',
    inTurn: (fn) => sync.exclusive(fn),
    registerToken,
    timeZone: () => enrollment()?.location.timeZone ?? 'UTC',
    changed,
    log,
  });

  /** Reconciliation (DESIGN.md section 6): drain the outbox, read the feed after the cursor, read every pending link. */
  async function reconcile(): Promise<void> {
    await outbox.drain().catch(() => {});
    await sync.reconcile().catch((error: unknown) => log(`[sync] reconcile failed: ${String(error)}`));
  }

  const sync: SyncLoop = createSyncLoop({
    serverUrl,
    registerToken,
    cursor: () => readCursor(db),
    api,
    clock,
    pollIntervalMs,
    signal,
    log,
    ...(options.connectSocket ? { connectSocket: options.connectSocket } : {}),
    afterCatchUp: () => linkSync.readPendingLinks(),
    // Reconcile first (the bench's "≤ 1 s after reconnect"), then a fresh bootstrap in turn with the feed.
    onConnected: () => void reconcile().then(() => refreshSoon('socket connected')),
    observeServerTime: (serverTime, sentAt, receivedAt) => serverClock.observe(serverTime, sentAt, receivedAt),
    applyEvents: (events) => {
      const result = applyServerEvents(db, events, eventHandlers, {
        now: clock.now(),
        timeZone: enrollment()?.location.timeZone ?? 'UTC',
      });
      if (result.applied > 0) changed();
      if (result.effects.catalog) emit({ type: 'catalog', updatedAt: getMeta(db, 'catalogUpdatedAt') ?? clock.now() });
      return result;
    },
  });

  const refresher: CatalogRefresher = createCatalogRefresher({
    clock,
    serverNow: () => serverClock.now(),
    timeZone: () => enrollment()?.location.timeZone ?? 'UTC',
    ...(options.dayCheckMs !== undefined ? { dayCheckMs: options.dayCheckMs } : {}),
    log,
    async refresh() {
      const token = registerToken();
      if (!token) return;
      // In turn with the event feed, so no event is applied between reading the bootstrap and storing it.
      await sync.exclusive(() => refreshFromServer({ db, api, registerToken: token, now: () => clock.now() }));
      changed();
      emit({ type: 'catalog', updatedAt: getMeta(db, 'catalogUpdatedAt') ?? clock.now() });
    },
  });
  const refreshCatalog = () => refresher.refresh('the server refused a cart', { force: true });
  function refreshSoon(reason: string): void {
    refresher.refresh(reason).catch((error: unknown) => log(`[engine] refresh from server failed: ${String(error)}`));
  }

  function goOnline(): void {
    sync.start();
    void reconcile();
    linkSync.arm();
    refresher.start();
    refreshSoon('start');
  }

  const core: EngineCore = {
    db,
    api,
    clock,
    serverNow: () => serverClock.now(),
    registerToken,
    staffAuth,
    snapshot,
    changed,
    kickOutbox: () => void outbox.drain(),
    catalogChanged: () => emit({ type: 'catalog', updatedAt: clock.now() }),
    links,
    async enroll(input) {
      const enrollApi = createApiClient({ baseUrl: () => input.serverUrl, fetch: options.fetch ?? fetch, clock, serverClock });
      await enrollRegister({ db, api: enrollApi, secretStore, now: () => clock.now() }, input);
      refresher.markFresh();
      signal({ type: 'http_ok', at: clock.now() });
      emit({ type: 'catalog', updatedAt: getMeta(db, 'catalogUpdatedAt') ?? clock.now() });
      if (started) goOnline();
    },
  };

  return {
    handlers: createHandlers(core),
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (started) return;
      started = true;
      if (enrollment()) goOnline();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      staffAuth.stop();
      linkSync.stop();
      refresher.stop();
      await Promise.all([sync.stop(), outbox.stop()]);
      opened.close();
    },
  };
}
