import type { AppUpdater, ProgressInfo, UpdateInfo } from 'electron-updater';
import type { SnapshotSource } from '../register/customer-view-feed';
import type { UpdateState } from '../register/desk-platform';
import type { EngineClock } from '../register/engine-clock';
import { judgeQuietMoment } from '../register/quiet-moment';
import type { RegisterSnapshot } from '../../shared/contract/register-view';

// The app's updates: electron-updater checks the feed at start and every few hours and downloads in the background;
// a downloaded update is installed (the app quits, the installer runs, the app starts again) only at a quiet moment
// of the register (quiet-moment.ts), never on quit by itself. While it waits, every engine snapshot is asked again.
// The updater, the register and the clock are passed in, so this is tested against a local feed on a manual clock.

/** The part of electron-updater's AppUpdater this uses. */
export type UpdaterLike = Pick<AppUpdater, 'checkForUpdates' | 'quitAndInstall' | 'on' | 'removeListener'> & {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: AppUpdater['logger'];
};

export type AppUpdaterDeps = {
  /** electron-updater's updater, or why there is none here (a development build). */
  updater: UpdaterLike | { unavailable: string };
  register: SnapshotSource;
  clock: Pick<EngineClock, 'now' | 'setTimeout' | 'clearTimeout'>;
  log: (line: string) => void;
  checkEveryMs?: number;
};

export type AppUpdaterHandle = {
  state(): UpdateState;
  /** Asks the feed now (Settings' Check for updates); answers the state once the feed has answered. */
  check(): Promise<UpdateState>;
  onState(listener: (state: UpdateState) => void): () => void;
  stop(): void;
};

const FOUR_HOURS_MS = 4 * 60 * 60 * 1000;

/** The release notes as text: the feed has a string, or one note per version. */
function releaseNotesText(notes: UpdateInfo['releaseNotes']): string | null {
  if (!notes) return null;
  if (typeof notes === 'string') return notes.trim() || null;
  const text = notes
    .map((note) => note.note?.trim())
    .filter(Boolean)
    .join('\n\n');
  return text || null;
}

const isSnapshotPush = (message: unknown): message is { type: 'snapshot'; snapshot: RegisterSnapshot } =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'snapshot';

export function startAppUpdater(deps: AppUpdaterDeps): AppUpdaterHandle {
  const listeners = new Set<(state: UpdateState) => void>();
  if ('unavailable' in deps.updater) {
    const state: UpdateState = { kind: 'unavailable', reason: deps.updater.unavailable };
    return { state: () => state, check: async () => state, onState: () => () => {}, stop: () => {} };
  }
  const updater = deps.updater;
  const { clock, log } = deps;
  let state: UpdateState = { kind: 'idle', checkedAt: null };
  let installing = false;
  let stopped = false;
  let timer: unknown = null;
  let lastBusy = '';

  const setState = (next: UpdateState) => {
    state = next;
    for (const listener of listeners) listener(next);
  };

  const install = () => {
    if (installing || stopped) return;
    installing = true;
    log(`installing the update to ${state.kind === 'ready' ? state.version : '?'} now (a quiet moment); the app restarts`);
    // Silent (the per-machine installer elevates by itself) and started again afterwards.
    updater.quitAndInstall(true, true);
  };

  /** Installs a downloaded update now if the register is quiet, otherwise marks it as waiting. */
  const considerInstall = (snapshot: RegisterSnapshot) => {
    if (state.kind !== 'ready' || installing) return;
    const verdict = judgeQuietMoment(snapshot);
    if (verdict.quiet) return install();
    const busy = verdict.reasons.map((reason) => reason.message).join(' ');
    if (busy !== lastBusy) log(`an update to ${state.version} waits for a quiet moment: ${busy}`);
    lastBusy = busy;
    if (!state.waitingForQuietMoment) setState({ ...state, waitingForQuietMoment: true });
  };
  const considerInstallNow = () =>
    void deps.register.snapshot().then(considerInstall, (error: unknown) => log(`no snapshot for the update's quiet moment: ${String(error)}`));

  const events = {
    'checking-for-update': () => setState({ kind: 'checking' }),
    'update-available': (info: UpdateInfo) => setState({ kind: 'downloading', version: info.version, percent: 0 }),
    'download-progress': (progress: ProgressInfo) => {
      if (state.kind === 'downloading') setState({ ...state, percent: Math.min(100, Math.max(0, Math.round(progress.percent))) });
    },
    'update-not-available': () => setState({ kind: 'idle', checkedAt: clock.now() }),
    'update-downloaded': (info: UpdateInfo) => {
      log(`the update to ${info.version} is downloaded`);
      setState({ kind: 'ready', version: info.version, releaseNotes: releaseNotesText(info.releaseNotes), waitingForQuietMoment: false });
      considerInstallNow();
    },
    error: (error: Error) => {
      log(`update check failed: ${error.message}`);
      // A failed check does not forget a downloaded update.
      if (state.kind !== 'ready') setState({ kind: 'error', message: error.message, checkedAt: clock.now() });
    },
  };
  for (const [event, listener] of Object.entries(events)) updater.on(event as 'error', listener as (error: Error) => void);
  const stopPushes = deps.register.onPush((message) => {
    if (isSnapshotPush(message)) considerInstall(message.snapshot);
  });

  updater.autoDownload = true;
  // Never on quit: a quit is not a quiet moment by itself (a link may be pending), and the next start installs nothing unasked.
  updater.autoInstallOnAppQuit = false;
  updater.logger = {
    info: (m: unknown) => log(`updater: ${String(m)}`),
    warn: (m: unknown) => log(`updater: ${String(m)}`),
    error: (m: unknown) => log(`updater: ${String(m)}`),
  };

  let inFlight: Promise<UpdateState> | null = null;
  const askFeed = async (): Promise<UpdateState> => {
    try {
      const result = await updater.checkForUpdates();
      // Download failures arrive as the 'error' event too.
      result?.downloadPromise?.catch(() => undefined);
    } catch (error) {
      if (state.kind !== 'error') events.error(error instanceof Error ? error : new Error(String(error)));
    }
    return state;
  };
  /** One check at a time: a second ask while one is under way gets the same answer. */
  const check = (): Promise<UpdateState> => {
    if (stopped || installing) return Promise.resolve(state);
    // A downloaded update is not fetched again; asking is a chance to install it.
    if (state.kind === 'ready') {
      considerInstallNow();
      return Promise.resolve(state);
    }
    if (state.kind === 'downloading') return Promise.resolve(state);
    inFlight ??= askFeed().finally(() => (inFlight = null));
    return inFlight;
  };

  const every = deps.checkEveryMs ?? FOUR_HOURS_MS;
  const schedule = () => {
    timer = clock.setTimeout(() => {
      timer = null;
      void check().finally(() => {
        if (!stopped) schedule();
      });
    }, every);
  };
  void check();
  schedule();

  return {
    state: () => state,
    check,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      stopPushes();
      for (const [event, listener] of Object.entries(events)) updater.removeListener(event as 'error', listener as (error: Error) => void);
      listeners.clear();
    },
  };
}
