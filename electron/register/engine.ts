import type { IpcHandlers } from '../../shared/contract/ipc';
import type { PushMessage, RegisterSnapshot } from '../../shared/contract/register-view';
import type { OpenedDatabase } from '../../db/open-database';
import { createApiClient, type ApiClient } from './api-client';
import { saleCommandHandler } from './checkout';
import { SALE_COMMAND } from './command-kinds';
import { createConnectionTracker, createEngineSignals } from './engine-signals';
import { enrollRegister, refreshFromServer } from './enrollment';
import { applyServerEvents, coreEventHandlers, readCursor } from './event-applier';
import { createHandlers, type EngineCore } from './handlers';
import { getMeta } from './meta-store';
import { createLinkCommands, createLinkOutcomes, type LinkCommands } from './link-commands';
import { createLinkSync, linkEventHandlers, type LinkSync } from './link-sync';
import { addNotice } from './notices';
import { AppError } from '../../shared/contract/errors';
import { createCatalogRefresher, type CatalogRefresher } from './catalog-refresh';
import { createOutboxSender, type OutboxSender } from './outbox';
import { standInFor } from './outbox-stand-in';
import { identitySecretStore, type SecretStore } from './secret-store';
import type { TimeSource } from './time-source';
import { buildSnapshot } from './snapshot';
import { createStaffAuth } from './staff-auth';
import { createInTurn } from './in-turn';
import { createSyncLoop, type ConnectSocket, type SyncLoop } from './sync-loop';
import { createBackupScheduler, describeBackups } from './db-backups';
import { checkRecoveredWithServer, createRecoveryHandlers } from './db-recovery-store';
import { devicelessPlatform, type DeskPlatform } from './desk-platform';
import { enrollWithServer } from './enrollment';
import { createSettingsAccess } from './settings-access';
import { assertMayReenroll, replaceEnrollment } from './settings-enrollment';
import { createSettingsHandlers } from './settings-handlers';
import { createReceiptPrinter } from './settings-printing';
import { readDeskSettings } from './settings-store';
import { dirname } from 'node:path';

// The register engine (DESIGN.md sections 2 and 6): plain Node, composed from small modules with I/O passed in, each
// built after what it needs. Parts announce what happened through EngineSignals; the reactions are wired at the end.
// Electron main and the browser host open its store and make its time source (register-store.ts), then use it
// through `handlers` and `onPush`.

export type RegisterEngineOptions = {
  /** The register's opened database; the engine closes it when it stops. */
  store: OpenedDatabase;
  /** The PC's clocks and timers and the server clock measured from them. */
  time: TimeSource;
  /**
   * The server to talk to once enrolled, overriding the URL stored at enrollment (IT moved the service, or the
   * embedded demo server came up on another port). Unset: the URL given at enrollment.
   */
  serverUrl?: string;
  secretStore?: SecretStore;
  inactivityMs?: number;
  pollIntervalMs?: number;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** Test hook: how the Socket.IO client is made (default socket.io-client's io). */
  connectSocket?: ConnectSocket;
  /** How long link.send/resend/cancel wait for the server's answer before leaving the command to the outbox. */
  linkCommandWaitMs?: number;
  /** How often the studio's date is looked at for a new-day refresh of the catalog (default one minute). */
  dayCheckMs?: number;
  /** The program hosting the engine: printers, screens, updates (default: one with none, as the browser host). */
  platform?: DeskPlatform;
  /** The register's data folder (logs/, diagnostics/); default: the database file's folder. */
  dataDir?: string;
  /** How long Settings stay open unused (default five minutes). */
  settingsIdleMs?: number;
  /** The database backups under the database's folder (db-backups.ts): every N sales, hourly, how many kept. */
  backups?: { everySales?: number; intervalMs?: number; keep?: number };
};

export type RegisterEngine = {
  handlers: IpcHandlers;
  onPush(listener: (message: PushMessage) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export function createRegisterEngine(options: RegisterEngineOptions): RegisterEngine {
  const { clock, server: serverClock } = options.time;
  const { db } = options.store;
  const secretStore = options.secretStore ?? identitySecretStore;
  const log = options.log ?? (() => {});
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  if (options.store.backupPath) log(`[db] backup before migrating: ${options.store.backupPath}`);
  const databaseDir = dirname(options.store.file);
  const backups = createBackupScheduler({ sqlite: options.store.sqlite, dataDir: databaseDir, clock, log, ...options.backups });
  const signals = createEngineSignals(log);
  const connection = createConnectionTracker(clock.now(), signals, log);
  const serverNow = () => serverClock.now();
  const offline = () => connection.current().kind === 'offline';
  let started = false;
  let stopped = false;

  const platform = options.platform ?? devicelessPlatform({ appVersion: 'unknown', updatesUnavailableReason: 'This host has no updater.' });
  const enrollment = () => getMeta(db, 'enrollment');
  // Re-enrolling from Settings points the register at the server it enrolled with, whatever the host said at start.
  let serverUrlOverride = options.serverUrl;
  const serverUrl = () => {
    const stored = enrollment()?.serverUrl;
    return stored ? (serverUrlOverride ?? stored) : null;
  };
  const registerToken = () => {
    const e = enrollment();
    return e ? secretStore.decrypt(e.tokenEncrypted) : null;
  };
  const timeZone = () => enrollment()?.location.timeZone ?? 'UTC';
  const changed = () => signals.emit('changed');

  const api: ApiClient = createApiClient({
    baseUrl: serverUrl,
    fetch: options.fetch ?? fetch,
    clock,
    serverClock,
    onReachability: (r) =>
      r.ok
        ? connection.signal({ type: 'http_ok', at: clock.now() })
        : connection.signal({ type: 'http_failed', at: clock.now(), error: r.error, retryAt: clock.now() + pollIntervalMs }),
  });

  const staffAuth = createStaffAuth({
    db,
    api,
    clock,
    secretStore,
    inactivityMs: options.inactivityMs ?? 10 * 60_000,
    registerToken,
    serverNow,
    onSignedIn: (staffId) => signals.emit('signedIn', staffId),
    onSignedOut: (reason) => {
      settingsAccess.close();
      if (reason === 'inactivity') addNotice(db, 'info', 'Signed out after a while without activity. Sign in with your PIN to continue.', clock.now());
      changed();
    },
  });

  const settingsAccess = createSettingsAccess({ staffAuth, clock, ...(options.settingsIdleMs ? { idleMs: options.settingsIdleMs } : {}) });
  const receiptPrinter = createReceiptPrinter({ db, platform });

  const linkOutcomes = createLinkOutcomes({ clock, serverNow });
  const outbox: OutboxSender = createOutboxSender({
    db,
    clock,
    transport: (request) => api.send({ ...request, timeoutMs: 15_000 }),
    tokenFor: (staffId) => staffAuth.tokenFor(staffId),
    standIn: (row) => standInFor(row, { staffAuth, clock, serverNow, online: () => !offline() }),
    onTokenRefused: (staffId) => staffAuth.tokenRefused(staffId),
    handlers: { [SALE_COMMAND]: saleCommandHandler, ...linkOutcomes.handlers },
    onChange: changed,
    log,
  });

  const listeners = new Set<(m: PushMessage) => void>();
  const emit = (message: PushMessage) => {
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        log(`[engine] push listener failed: ${String(error)}`);
      }
    }
  };

  const eventHandlers = { ...coreEventHandlers, ...linkEventHandlers(serverNow) };
  const applyEvents = (events: Parameters<typeof applyServerEvents>[1]) => {
    const result = applyServerEvents(db, events, eventHandlers, { now: clock.now(), timeZone: timeZone() });
    if (result.applied > 0) changed();
    if (result.effects.catalog) emit({ type: 'catalog', updatedAt: getMeta(db, 'catalogUpdatedAt') ?? clock.now() });
    return result;
  };

  const turns = createInTurn();
  const linkSync: LinkSync = createLinkSync({
    db,
    api,
    clock,
    serverNow,
    trustedServerNow: () => serverClock.trustedNow(),
    offline,
    inTurn: (fn) => turns.run(fn),
    registerToken,
    timeZone,
    changed,
    log,
  });

  const sync: SyncLoop = createSyncLoop({
    inTurn: turns,
    serverUrl,
    registerToken,
    cursor: () => readCursor(db),
    api,
    clock,
    pollIntervalMs,
    signal: (s) => connection.signal(s),
    log,
    ...(options.connectSocket ? { connectSocket: options.connectSocket } : {}),
    afterCatchUp: () => linkSync.readPendingLinks(),
    onConnected: () => signals.emit('socketConnected'),
    observeServerTime: (serverTime, sentAt, receivedAt) => serverClock.observe(serverTime, sentAt, receivedAt),
    applyEvents,
  });

  /** Reconciliation (DESIGN.md section 6): drain the outbox, read the feed after the cursor, read every pending link. */
  async function reconcile(): Promise<void> {
    await outbox.drain().catch(() => {});
    await sync.reconcile().catch((error: unknown) => log(`[sync] reconcile failed: ${String(error)}`));
  }

  const refresher: CatalogRefresher = createCatalogRefresher({
    clock,
    serverNow,
    timeZone,
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
  function refreshSoon(reason: string): void {
    refresher.refresh(reason).catch((error: unknown) => log(`[engine] refresh from server failed: ${String(error)}`));
  }

  const links: LinkCommands = createLinkCommands({
    db,
    clock,
    serverNow,
    online: () => !offline(),
    drainOutbox: () => outbox.drain(),
    refreshCatalog: () => refresher.refresh('the server refused a cart', { force: true }),
    sendWaitMs: options.linkCommandWaitMs ?? 10_000,
    outcomes: linkOutcomes,
  });

  const snapshot = (): RegisterSnapshot =>
    buildSnapshot({ db, session: staffAuth.current(), connection: connection.current(), serverNow: serverNow(), now: clock.now() });

  function goOnline(): void {
    sync.start();
    void reconcile();
    linkSync.arm();
    refresher.start();
    refreshSoon('start');
    const token = registerToken();
    if (token) void checkRecoveredWithServer(db, api, token).catch((error: unknown) => log(`[recovery] asking the server failed: ${String(error)}`));
  }

  const core: EngineCore = {
    db,
    api,
    clock,
    serverNow,
    registerToken,
    staffAuth,
    snapshot,
    changed,
    // Called after every checkout: the sale goes to the server now, and counts towards the next backup.
    kickOutbox: () => {
      void outbox.drain();
      backups.saleRecorded();
    },
    catalogChanged: () => emit({ type: 'catalog', updatedAt: clock.now() }),
    links,
    async enroll(input) {
      const enrollApi = createApiClient({ baseUrl: () => input.serverUrl, fetch: options.fetch ?? fetch, clock, serverClock });
      await enrollRegister({ db, api: enrollApi, secretStore, now: () => clock.now() }, input);
      refresher.markFresh();
      connection.signal({ type: 'http_ok', at: clock.now() });
      emit({ type: 'catalog', updatedAt: getMeta(db, 'catalogUpdatedAt') ?? clock.now() });
      if (started) goOnline();
    },
  };

  // The reactions, now that every part exists.
  let pushQueued = false;
  signals.on('changed', () => {
    // Several changes in one tick become one pushed snapshot.
    if (pushQueued || stopped) return;
    pushQueued = true;
    queueMicrotask(() => {
      pushQueued = false;
      if (stopped || listeners.size === 0) return;
      emit({ type: 'snapshot', snapshot: snapshot() });
    });
  });
  // Everything waiting may go now: this person's commands, and others' that they may send as a stand-in.
  signals.on('signedIn', () => void outbox.wake());
  // Reconcile first (the bench's "≤ 1 s after reconnect"), then a fresh bootstrap in turn with the feed.
  signals.on('socketConnected', () => void reconcile().then(() => refreshSoon('socket connected')));
  signals.on('connection', (before, after) => {
    changed();
    // A cancel made offline may reach its give-up deadline while nothing else happens.
    if (after.kind === 'offline') linkSync.arm();
    // The way back: send what waited while the server was out of reach, and refresh what events do not carry.
    if (before.kind === 'offline' || after.kind === 'live') void outbox.wake();
    if (before.kind === 'offline' && after.kind !== 'offline' && started) refreshSoon('back from offline');
  });

  /** Settings' re-enroll: the new server first (nothing changes if it refuses), then the swap, then online with it. */
  async function reenroll(input: { serverUrl: string; code: string; name: string }): Promise<void> {
    // Refused before the new server hears of it: a refused re-enroll leaves no stray register there.
    assertMayReenroll(db);
    const enrollApi = createApiClient({ baseUrl: () => input.serverUrl, fetch: options.fetch ?? fetch, clock, serverClock });
    const next = await enrollWithServer({ api: enrollApi, secretStore }, input);
    await sync.stop();
    linkSync.stop();
    refresher.stop();
    try {
      replaceEnrollment(db, next, clock.now());
      serverUrlOverride = undefined;
      log(`[settings] re-enrolled as register ${next.enrollment.register.number} of ${next.enrollment.location.name}`);
      // Staff tokens were the old server's: everyone signs in again.
      staffAuth.signOut('manual');
      refresher.markFresh();
      connection.signal({ type: 'http_ok', at: clock.now() });
      emit({ type: 'catalog', updatedAt: getMeta(db, 'catalogUpdatedAt') ?? clock.now() });
    } finally {
      // Online again, with the new enrollment or (a sale made meanwhile refused the swap) the old one.
      if (started) goOnline();
    }
  }

  const coreHandlers = createHandlers(core);
  const settingsHandlers = createSettingsHandlers({
    db,
    api,
    registerToken,
    online: () => !offline(),
    inTurn: (work) => sync.exclusive(work),
    sqlite: options.store.sqlite,
    databaseFile: options.store.file,
    dataDir: options.dataDir ?? dirname(options.store.file),
    platform,
    clock,
    fetch: options.fetch ?? fetch,
    access: settingsAccess,
    printer: receiptPrinter,
    serverUrl,
    requireSignedIn: () => {
      if (!enrollment()) throw new AppError('not_enrolled', 'This register is not enrolled yet.');
      if (!staffAuth.current()) throw new AppError('not_signed_in', 'Sign in with your PIN first.');
    },
    snapshot,
    changed,
    reenroll,
    describeBackups: () => describeBackups(databaseDir, clock.now()),
  });

  return {
    handlers: {
      ...coreHandlers,
      ...settingsHandlers,
      ...createRecoveryHandlers({ db, now: () => clock.now(), staffAuth, drainOutbox: () => void outbox.drain(), changed }),
      'receipt.show': async (input) => {
        const shown = await coreHandlers['receipt.show'](input);
        receiptPrinter.reopened(input.saleId);
        return shown;
      },
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (started) return;
      started = true;
      platform.applySettings(readDeskSettings(db));
      void backups.start();
      if (enrollment()) goOnline();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      staffAuth.stop();
      linkSync.stop();
      refresher.stop();
      await Promise.all([sync.stop(), outbox.stop(), backups.stop()]);
      options.time.stop();
      options.store.close();
    },
  };
}
