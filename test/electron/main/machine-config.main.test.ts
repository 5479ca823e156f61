import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { machineConfigPath, readMachineConfig } from '../../../electron/main/machine-config';
import { startMainProcess } from '../../../electron/main/main-process';
import { AppError } from '../../../shared/contract/errors';
import { dispatchIpc, type IpcHandlers } from '../../../shared/contract/ipc';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron').then((fake) => fake.electronModule));

// IT's machine-wide config.json: where it is on each OS, what it may say, and a register that is not enrolled yet
// joining the studio it names at start. A bad file is logged with a code, changes nothing, and the app still starts.

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-machine-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (text: string) => {
  const file = join(dir, 'config.json');
  writeFileSync(file, text);
  return file;
};
const GOOD = { serverUrl: 'https://frontdesk.example.com', enrollmentCode: 'STUDIO-7F3K', registerName: 'Reception left', updates: 'auto' };

describe('where the machine config is', () => {
  it('is under ProgramData on Windows, /Library on macOS and /etc on Linux; FRONTDESK_MACHINE_CONFIG names another file', () => {
    expect(machineConfigPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Frontdesk\\config.json');
    expect(machineConfigPath('win32', {})).toBe('C:\\ProgramData\\Frontdesk\\config.json');
    expect(machineConfigPath('darwin', {})).toBe('/Library/Application Support/Frontdesk/config.json');
    expect(machineConfigPath('linux', {})).toBe('/etc/frontdesk/config.json');
    expect(machineConfigPath('linux', { FRONTDESK_MACHINE_CONFIG: ' /opt/fd.json ' })).toBe('/opt/fd.json');
  });
});

describe('reading the machine config', () => {
  it('is absent when there is no file, which is normal', () => {
    expect(readMachineConfig(join(dir, 'none.json'))).toEqual({ kind: 'absent', path: join(dir, 'none.json') });
  });

  it('reads the server, the enrollment code and the optional register name (a Notepad byte-order mark is fine)', () => {
    const file = write(`\uFEFF${JSON.stringify(GOOD)}`);
    expect(readMachineConfig(file)).toEqual({ kind: 'present', path: file, config: GOOD });
    const { registerName: _name, updates: _updates, ...minimal } = GOOD;
    expect(readMachineConfig(write(JSON.stringify(minimal)))).toEqual({
      kind: 'present',
      path: join(dir, 'config.json'),
      config: { ...minimal, updates: 'auto' },
    });
    expect(readMachineConfig(write(JSON.stringify({ ...GOOD, updates: 'never' })))).toMatchObject({ kind: 'invalid', code: 'machine_config_invalid' });
  });

  it('refuses a file that is not JSON, or says something else, with a code and the reason', () => {
    expect(readMachineConfig(write('{ serverUrl: https://x }'))).toMatchObject({ kind: 'invalid', code: 'machine_config_not_json' });
    const plainHttp = readMachineConfig(write(JSON.stringify({ ...GOOD, serverUrl: 'http://frontdesk.example.com' })));
    expect(plainHttp).toMatchObject({ kind: 'invalid', code: 'machine_config_invalid' });
    expect((plainHttp as { message: string }).message).toContain('serverUrl: must be an https:// address');
    const typo = readMachineConfig(write(JSON.stringify({ serverUrl: GOOD.serverUrl, enrolmentCode: 'X' })));
    expect((typo as { message: string }).message).toMatch(/enrollmentCode.*enrolmentCode|enrolmentCode.*enrollmentCode/);
    expect(readMachineConfig(write(JSON.stringify({ ...GOOD, serverUrl: 'http://127.0.0.1:4400' })))).toMatchObject({ kind: 'present' });
  });

  it('says when the file is there but cannot be read', () => {
    const folder = join(dir, 'config-folder.json');
    mkdirSync(folder);
    expect(readMachineConfig(folder)).toMatchObject({ kind: 'invalid', code: 'machine_config_unreadable' });
  });
});

async function boot(options: { configPath?: string; enrolled?: boolean; packaged?: boolean; refuse?: boolean }) {
  fake.resetFakeElectron();
  fake.app.isPackaged = options.packaged ?? false;
  const updater = { checkForUpdates: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
  const enroll = vi.fn(async (_input: unknown) => {
    if (options.refuse) throw new AppError('invalid_enrollment_code', 'That enrollment code is not valid.');
    return { enrollment: { kind: 'enrolled' } };
  });
  const enrollment = options.enrolled ? { kind: 'enrolled' } : { kind: 'unenrolled' };
  const engine = {
    handlers: { 'app.snapshot': vi.fn(async () => ({ enrollment })), 'register.enroll': enroll } as unknown as IpcHandlers,
    onPush: vi.fn(() => () => undefined),
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
  };
  const demoStart = vi.fn(async () => ({ url: 'http://127.0.0.1:4400', stop: async () => {} }));
  await startMainProcess({
    createEngine: () => engine,
    dispatch: dispatchIpc,
    paths: { preload: '/app/out/preload/index.js', indexHtml: '/app/out/renderer/index.html' },
    demoServer: { start: demoStart, enrollmentCode: 'DEMO-ENROLL' },
    dataDir: join(dir, 'data'),
    machineConfigPath: options.configPath,
    updater: () => updater as never,
  });
  return { enroll, demoStart, updater };
}

describe('the machine config at start', () => {
  it('enrolls a new register with its server, code and name, and starts no demo server', async () => {
    const { enroll, demoStart } = await boot({ configPath: write(JSON.stringify(GOOD)) });
    expect(enroll).toHaveBeenCalledTimes(1);
    expect(enroll.mock.calls[0]![0]).toEqual({ serverUrl: GOOD.serverUrl, code: GOOD.enrollmentCode, name: GOOD.registerName });
    expect(demoStart).not.toHaveBeenCalled();
  });

  it("turns the app's own updates off where IT's deployment tool installs new versions", async () => {
    const { updater } = await boot({ configPath: write(JSON.stringify({ ...GOOD, updates: 'managed' })), packaged: true, enrolled: true });
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    const auto = await boot({ configPath: write(JSON.stringify(GOOD)), packaged: true, enrolled: true });
    expect(auto.updater.checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it('logs a refused enrollment with its code, and the app still starts on its enrollment screen', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await boot({ configPath: write(JSON.stringify(GOOD)), refuse: true });
    expect(errors).toHaveBeenCalledWith(
      `[main] enroll_failed: could not enroll with ${GOOD.serverUrl}: invalid_enrollment_code: That enrollment code is not valid.`,
      '',
    );
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    errors.mockRestore();
  });

  it('leaves an enrolled register as it is', async () => {
    const { enroll } = await boot({ configPath: write(JSON.stringify(GOOD)), enrolled: true });
    expect(enroll).not.toHaveBeenCalled();
  });

  it('logs a bad file with its code, enrolls with nothing, and the app still starts', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { enroll, demoStart } = await boot({ configPath: write('{"serverUrl": "ftp://x"}') });
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('machine_config_invalid: The machine configuration'), '');
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    expect(fake.dialog.showErrorBox).not.toHaveBeenCalled();
    // A development checkout without a usable config falls back to the demo server, as without any file.
    expect(demoStart).toHaveBeenCalledTimes(1);
    expect(enroll.mock.calls.map((call) => (call[0] as { code: string }).code)).toEqual(['DEMO-ENROLL']);
    errors.mockRestore();
  });
});
