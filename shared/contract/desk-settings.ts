import { z } from 'zod';

// What the Settings screen reads and saves through IPC (the settings.* methods of ipc.ts). The shapes match
// electron/register/desk-platform.ts, which the hosts implement; these are their boundary checks.

export const DeskSettingsSchema = z
  .object({
    printerName: z.string().min(1).max(256).nullable(),
    printAfterSale: z.boolean(),
    customerDisplay: z.union([z.enum(['off', 'auto']), z.object({ displayId: z.string().min(1).max(64) }).strict()]),
  })
  .strict();

export const DEFAULT_DESK_SETTINGS: z.infer<typeof DeskSettingsSchema> = { printerName: null, printAfterSale: false, customerDisplay: 'auto' };

const UpdateStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unavailable'), reason: z.string() }),
  z.object({ kind: z.literal('idle'), checkedAt: z.number().nullable() }),
  z.object({ kind: z.literal('checking') }),
  z.object({ kind: z.literal('downloading'), version: z.string(), percent: z.number() }),
  z.object({ kind: z.literal('ready'), version: z.string(), releaseNotes: z.string().nullable(), waitingForQuietMoment: z.boolean() }),
  z.object({ kind: z.literal('error'), message: z.string(), checkedAt: z.number() }),
]);

export const SettingsInfoSchema = z.object({
  /** Who opened Settings with their PIN. */
  openedBy: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  host: z.enum(['electron', 'browser-host']),
  serverUrl: z.string().nullable(),
  register: z.object({ id: z.string(), name: z.string(), number: z.number() }).nullable(),
  locationName: z.string().nullable(),
  appVersion: z.string(),
  /** The last migration applied to the register's database. */
  schemaVersion: z.string().nullable(),
  update: UpdateStateSchema,
  printers: z.array(z.object({ name: z.string(), displayName: z.string(), isDefault: z.boolean() })),
  displays: z.array(z.object({ id: z.string(), label: z.string(), primary: z.boolean() })),
  settings: DeskSettingsSchema,
  /** Whether the register may re-enroll now (nothing unsent, no pending link), and why not. */
  reenrollBlocked: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type SettingsInfo = z.infer<typeof SettingsInfoSchema>;

const CONNECTION_PROBLEMS = ['invalid_url', 'unreachable', 'timeout', 'tls', 'not_frontdesk', 'server_unhealthy'] as const;
export const ConnectionTestSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), latencyMs: z.number().int().min(0), message: z.string() }),
  z.object({ ok: z.literal(false), problem: z.enum(CONNECTION_PROBLEMS), message: z.string() }),
]);
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

export const SettingsServerUrlSchema = z.url({ protocol: /^https?$/ }).max(300);
