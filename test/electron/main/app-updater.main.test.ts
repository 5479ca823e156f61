import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAppUpdater, type AppUpdaterHandle } from '../../../electron/main/app-updater';
import type { UpdateState } from '../../../electron/register/desk-platform';
import type { RegisterSnapshot } from '../../../shared/contract/register-view';
import { createManualClock } from '../../register/support/manual-clock';

vi.mock('electron', () => import('./fake-electron').then((fake) => fake.electronModule));

// The app's updater with electron-updater's own Linux updater against an update feed served on loopback: its real check
// parses latest-linux.yml, its real download checks the file's sha512, and the install waits for a quiet register.
// Only Electron's HTTP (net.request) is replaced, by Node's http, and quitAndInstall is recorded instead of run.

const HOUR = 60 * 60 * 1000;

/** electron-updater's HTTP executor on Node's http instead of Electron's net (which only exists inside Electron). */
class LoopbackHttpExecutor extends ElectronHttpExecutor {
  override createRequest(options: any, callback: (response: any) => void): any {
    return request(options, callback);
  }
  override addRedirectHandlers(): void {}
}

type Feed = { url: string; requests: string[]; version: string; close: () => Promise<void> };

async function serveFeed(version: string): Promise<Feed> {
  const appImage = Buffer.from(`#!/bin/sh\necho Frontdesk ${version}\n`);
  const sha512 = createHash('sha512').update(appImage).digest('base64');
  const file = `Frontdesk-${version}.AppImage`;
  const latest = [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512}`,
    `    size: ${appImage.length}`,
    `path: ${file}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-03-02T12:00:00.000Z'",
    'releaseNotes: Faster receipts.',
  ].join('\n');
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    if (path === '/latest-linux.yml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(latest);
    else if (path === `/${file}`) res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': appImage.length }).end(appImage);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, version, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const pendingLink = { localId: 'L1', phase: 'waiting' } as RegisterSnapshot['links'][number];
const emptyOutbox = { pending: 0, waiting: { cashSales: 0, cardSales: 0, links: 0, resends: 0, cancels: 0 } };
/** The parts of a snapshot the quiet-moment rule reads. */
const snapshotWith = (parts: Partial<RegisterSnapshot>) =>
  ({ activeLink: null, links: [], cart: { lines: [], locked: false }, outbox: emptyOutbox, changeDueCents: null, ...parts }) as RegisterSnapshot;

/** The engine as the updater sees it: a current snapshot, and pushes the test sends. */
function fakeRegister(initial: RegisterSnapshot) {
  let current = initial;
  const listeners = new Set<(message: unknown) => void>();
  return {
    snapshot: vi.fn(async () => current),
    onPush: (listener: (message: unknown) => void) => (listeners.add(listener), () => listeners.delete(listener)),
    push(snapshot: RegisterSnapshot) {
      current = snapshot;
      for (const listener of listeners) listener({ type: 'snapshot', snapshot });
    },
  };
}

/** Resolves with the first state that passes `test` (the updater moves on electron-updater's events). */
const stateWhere = (handle: AppUpdaterHandle, test: (state: UpdateState) => boolean) =>
  new Promise<UpdateState>((resolve) => {
    if (test(handle.state())) return resolve(handle.state());
    const stop = handle.onState((state) => {
      if (!test(state)) return;
      resolve(state);
      stop();
    });
  });

describe('the app updater against a local update feed', () => {
  let dir = '';
  let feed: Feed | null = null;
  let handle: AppUpdaterHandle | null = null;
  const oldAppImage = process.env.APPIMAGE;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-updater-'));
    // The running app as an AppImage (the Linux updater replaces that file), and the app-update.yml a build writes.
    process.env.APPIMAGE = join(dir, 'Frontdesk-0.1.0.AppImage');
    writeFileSync(process.env.APPIMAGE, 'old build');
    writeFileSync(join(dir, 'app-update.yml'), 'provider: generic\nurl: https://updates.example.test/\nupdaterCacheDirName: frontdesk-updater\n');
  });
  afterEach(async () => {
    handle?.stop();
    handle = null;
    await feed?.close();
    feed = null;
    if (oldAppImage === undefined) delete process.env.APPIMAGE;
    else process.env.APPIMAGE = oldAppImage;
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(feedVersion: string, register: ReturnType<typeof fakeRegister>) {
    feed = await serveFeed(feedVersion);
    const app = {
      version: '0.1.0',
      name: 'Frontdesk',
      isPackaged: true,
      appUpdateConfigPath: join(dir, 'app-update.yml'),
      userDataPath: join(dir, 'user-data'),
      baseCachePath: join(dir, 'cache'),
      whenReady: () => Promise.resolve(),
      relaunch: vi.fn(),
      quit: vi.fn(),
      onQuit: vi.fn(),
    };
    const updater = new AppImageUpdater(null, app);
    (updater as unknown as { httpExecutor: unknown }).httpExecutor = new LoopbackHttpExecutor();
    updater.setFeedURL({ provider: 'generic', url: feed.url });
    let installed!: () => void;
    const installCalled = new Promise<void>((resolve) => (installed = resolve));
    const quitAndInstall = vi.spyOn(updater, 'quitAndInstall').mockImplementation(() => installed());
    const clock = createManualClock();
    const log = vi.fn();
    handle = startAppUpdater({ updater, register, clock, log });
    return { updater, quitAndInstall, installCalled, clock, log, handle };
  }

  it('downloads in the background, waits while a payment link is pending, and installs once it has ended', async () => {
    const register = fakeRegister(snapshotWith({ activeLink: { ...pendingLink, onScreen: true }, cart: { lines: [{}], locked: true } as never }));
    const { updater, quitAndInstall, installCalled, log } = await start('0.2.0', register);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);

    const waiting = await stateWhere(handle!, (state) => state.kind === 'ready' && state.waitingForQuietMoment);
    expect(waiting).toEqual({ kind: 'ready', version: '0.2.0', releaseNotes: 'Faster receipts.', waitingForQuietMoment: true });
    expect(feed!.requests).toEqual(['/latest-linux.yml', '/Frontdesk-0.2.0.AppImage']);
    expect(quitAndInstall).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('waits for a quiet moment: A payment link is still open. A sale is in progress.'));

    // The client pays: the link's sale is recorded but not yet on the server, and the receipt's change is on screen.
    register.push(snapshotWith({ outbox: { ...emptyOutbox, pending: 1, waiting: { ...emptyOutbox.waiting, cardSales: 1 } }, changeDueCents: 500 }));
    expect(quitAndInstall).not.toHaveBeenCalled();
    // The sale reaches the server and staff close the receipt: quiet.
    register.push(snapshotWith({}));
    await installCalled;
    expect(quitAndInstall).toHaveBeenCalledTimes(1);
    expect(quitAndInstall).toHaveBeenCalledWith(true, true);
    register.push(snapshotWith({}));
    expect(quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('installs at once when the download finishes at a quiet moment', async () => {
    const register = fakeRegister(snapshotWith({}));
    const { quitAndInstall, installCalled } = await start('0.2.0', register);
    await installCalled;
    expect(quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('finds nothing newer, then asks again every four hours on its clock', async () => {
    const register = fakeRegister(snapshotWith({}));
    const { clock, quitAndInstall } = await start('0.1.0', register);
    // The check at start, to its end (asking while it runs starts no second one).
    const idle = await handle!.check();
    expect(idle).toEqual({ kind: 'idle', checkedAt: clock.now() });
    expect(feed!.requests).toEqual(['/latest-linux.yml']);

    clock.advance(4 * HOUR - 1);
    expect(handle!.state()).toBe(idle);
    clock.advance(1);
    await expect(handle!.check()).resolves.toEqual({ kind: 'idle', checkedAt: clock.now() });
    expect(feed!.requests).toEqual(['/latest-linux.yml', '/latest-linux.yml']);
    expect(quitAndInstall).not.toHaveBeenCalled();
  });

  it('says what went wrong when the feed cannot be read, and keeps no timer after stop', async () => {
    const register = fakeRegister(snapshotWith({}));
    const { updater, clock } = await start('0.1.0', register);
    await handle!.check();
    handle!.stop();
    // The same updater pointed at a folder of the feed that does not exist (a wrong FRONTDESK_UPDATE_URL).
    updater.setFeedURL({ provider: 'generic', url: `${feed!.url}missing/` });
    handle = startAppUpdater({ updater, register, clock, log: () => {} });
    const failed = await handle.check();
    expect(failed).toMatchObject({ kind: 'error', checkedAt: clock.now() });
    expect((failed as { message: string }).message).toContain('latest-linux.yml');
    handle.stop();
    expect(clock.pending()).toBe(0);
  });
});

describe('the app updater where there is none', () => {
  it('reports why updates are unavailable and checks nothing', async () => {
    const handle = startAppUpdater({
      updater: { unavailable: 'This is a development build; the installed app updates itself.' },
      register: fakeRegister(snapshotWith({})),
      clock: createManualClock(),
      log: () => {},
    });
    expect(handle.state()).toEqual({ kind: 'unavailable', reason: 'This is a development build; the installed app updates itself.' });
    await expect(handle.check()).resolves.toEqual(handle.state());
  });
});
