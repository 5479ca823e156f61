import { readFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { z } from 'zod';
import { NameSchema } from '../../shared/contract/primitives';

// The machine-wide configuration IT deploys with the installer, so a new register joins its studio without anyone
// typing: the cloud service's address, an enrollment code and, optionally, the register's name. Read once at start;
// used only while the register is not enrolled (Settings may change the server later, and this file never fights it).
// A file that is not there is normal; a bad one is logged with a code and changes nothing.

type MachineConfig = {
  serverUrl: string;
  enrollmentCode: string;
  registerName?: string | undefined;
  /** `managed`: IT's deployment tool installs new versions (MSI), so the app does not update itself. */
  updates: 'auto' | 'managed';
};

export type MachineConfigReading =
  | { kind: 'absent'; path: string }
  | { kind: 'present'; path: string; config: MachineConfig }
  | { kind: 'invalid'; path: string; code: 'machine_config_unreadable' | 'machine_config_not_json' | 'machine_config_invalid'; message: string };

/** Plain HTTP only to this PC itself (a test server); anything that crosses the network is HTTPS. */
const ServerUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(300)
  .refine((text) => {
    const url = new URL(text);
    return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }, 'must be an https:// address (plain http only for 127.0.0.1 or localhost)');

const MachineConfigSchema = z
  .object({
    serverUrl: ServerUrlSchema,
    enrollmentCode: z.string().trim().min(1).max(64),
    registerName: NameSchema.optional(),
    updates: z.enum(['auto', 'managed']).default('auto'),
  })
  .strict();

/** Where the file is on this OS; FRONTDESK_MACHINE_CONFIG names another one. */
export function machineConfigPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  const override = env.FRONTDESK_MACHINE_CONFIG?.trim();
  if (override) return override;
  if (platform === 'win32') return win32.join(env.ProgramData || 'C:\\ProgramData', 'Frontdesk', 'config.json');
  if (platform === 'darwin') return '/Library/Application Support/Frontdesk/config.json';
  return join('/etc', 'frontdesk', 'config.json');
}

export function readMachineConfig(path: string): MachineConfigReading {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent', path };
    return {
      kind: 'invalid',
      path,
      code: 'machine_config_unreadable',
      message: `The machine configuration ${path} cannot be read (${code ?? String(error)}).`,
    };
  }
  let json: unknown;
  try {
    // Notepad on Windows may save a byte-order mark.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { kind: 'invalid', path, code: 'machine_config_not_json', message: `The machine configuration ${path} is not JSON: ${(error as Error).message}.` };
  }
  const parsed = MachineConfigSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'the file'}: ${issue.message}`).join('; ');
    return { kind: 'invalid', path, code: 'machine_config_invalid', message: `The machine configuration ${path} was not used: ${problems}.` };
  }
  return { kind: 'present', path, config: parsed.data };
}
